import Foundation

/// The built `portal` executable next to the test bundle (`.build/debug/portal`), for tests that
/// need a separate process.
enum PortalBinary {
    /// Its path, nil when it has not been built.
    static let path: String? = {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["PORTAL_BINARY"] { candidates.append(override) }
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = argv0.deletingLastPathComponent()
        // The test binary may sit inside an .xctest bundle directory.
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("portal").path)
            directory = directory.deletingLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/portal").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// True when the binary exists.
    static var isAvailable: Bool { path != nil }
}
