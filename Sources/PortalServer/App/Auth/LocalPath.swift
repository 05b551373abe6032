/// Redirect targets taken from requests (`next`): only local paths, so a link cannot send someone who
/// just signed in to another site.
enum LocalPath {
    /// `text` when it is a path on this site (`/owner/tenants?q=x`); nil for anything else: absolute and
    /// protocol-relative URLs (`//evil`, `/\evil`), control characters, sign-in pages, or over 1,000 bytes.
    static func validated(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), text.utf8.count <= 1_000 else { return nil }
        let bytes = Array(text.utf8)
        if bytes.count > 1 && (bytes[1] == UInt8(ascii: "/") || bytes[1] == UInt8(ascii: "\\")) { return nil }
        guard bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "\\") }) else { return nil }
        let path = text.split(separator: "?", maxSplits: 1).first.map(String.init) ?? text
        if ["/login", "/login/2fa", "/logout"].contains(path) { return nil }
        return text
    }
}
