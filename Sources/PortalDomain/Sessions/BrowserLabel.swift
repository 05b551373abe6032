/// A short, human label for a `User-Agent` header (`Firefox 125 on Linux`), for the session list and
/// the audit log. A label, not a parser: unknown agents are "Unknown browser".
enum BrowserLabel {
    /// The label for `userAgent`.
    static func label(_ userAgent: String) -> String {
        let browser = name(userAgent)
        guard let system = system(userAgent) else { return browser }
        return "\(browser) on \(system)"
    }

    /// Browser and major version; the order matters, since most agents also claim to be Safari.
    private static func name(_ ua: String) -> String {
        let rules: [(token: String, name: String)] = [
            ("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"),
            ("HeadlessChrome/", "Headless Chrome"), ("CriOS/", "Chrome"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
            ("Version/", "Safari"), ("curl/", "curl"), ("python-requests/", "Python requests"),
        ]
        for rule in rules {
            guard let range = ua.range(of: rule.token) else { continue }
            if rule.name == "Safari" && !ua.contains("Safari/") { continue }
            let major = ua[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            return major.isEmpty ? rule.name : "\(rule.name) \(major)"
        }
        return ua.isEmpty ? "Unknown browser" : (ua.contains("Mozilla/") ? "Browser" : "Unknown browser")
    }

    /// The operating system, nil when the agent does not say.
    private static func system(_ ua: String) -> String? {
        if ua.contains("iPhone") { return "iOS" }
        if ua.contains("iPad") { return "iPadOS" }
        if ua.contains("Android") { return "Android" }
        if ua.contains("Windows") { return "Windows" }
        if ua.contains("CrOS") { return "ChromeOS" }
        if ua.contains("Mac OS X") || ua.contains("Macintosh") { return "macOS" }
        if ua.contains("Linux") || ua.contains("X11") { return "Linux" }
        return nil
    }
}
