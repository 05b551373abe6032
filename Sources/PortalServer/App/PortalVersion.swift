/// The executable's version, printed by `portal version` and shown on the health page.
enum PortalVersion {
    static let current = "0.1.0"
}
