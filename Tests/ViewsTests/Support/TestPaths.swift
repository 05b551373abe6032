import Foundation

/// Paths the tests read: the package root, the shared spec and bench folders beside it.
enum TestPaths {
    /// The package root, found from this file's path (Tests/ViewsTests/Support/TestPaths.swift).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `../shared/mustache-spec`: the Mustache spec's JSON files.
    static let mustacheSpec = packageRoot + "/../shared/mustache-spec"

    /// `../shared/bench`: the benchmark fixtures (templates, tenants.tsv, public/page.html).
    static let bench = packageRoot + "/../shared/bench"

    /// `Templates/`: the portal's own templates.
    static let templates = packageRoot + "/Templates"

    /// A fresh temporary directory; the caller removes it.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "views-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
