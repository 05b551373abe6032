/// `portal version`: prints the version.
enum VersionCommand: PortalCommand {
    static let name = "version"
    static let summary = "print the version"
    static let help = """
        usage: portal version

        Prints the portal's version.
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        _ = try CommandLineOptions(arguments, valueOptions: [], flagOptions: [])
        print("portal \(PortalVersion.current)")
        return 0
    }
}
