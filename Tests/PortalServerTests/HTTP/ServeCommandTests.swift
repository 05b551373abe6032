import Foundation
import Testing

@testable import PortalServer

/// The `portal serve` process end to end: start, serve, SIGHUP reload, SIGTERM graceful exit.
@Suite struct ServeCommandTests {
    /// The `portal` executable next to the test bundle, when it has been built.
    static let binary: String? = {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("portal").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test(.enabled(if: binary != nil)) func servesThenReloadsOnSighupAndExitsCleanlyOnSigterm() throws {
        let directory = try TestServer.makeTemporaryDirectory()
        defer { TestServer.removeTree(directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.binary))
        process.arguments = [
            "serve", "--port", "0", "--data-dir", directory + "/data", "--public-dir", directory, "--access-log", "off",
        ]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        var output = ""
        var port: Int?
        while port == nil {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            output += String(decoding: data, as: UTF8.self)
            if let range = output.range(of: "serving https://127.0.0.1:"),
                let end = output[range.upperBound...].firstIndex(of: "/")
            {
                port = Int(output[range.upperBound..<end])
            }
        }
        let servedPort = try #require(port, "no 'serving' line in: \(output)")
        #expect(output.contains("generated a self-signed certificate"))
        #expect(output.contains("certificate SHA-256 fingerprint: "))

        let client = try TLSTestClient(port: servedPort)
        let response = try client.request("GET", "/healthz")
        #expect(response.status == 200 && response.text == "ok")

        kill(process.processIdentifier, SIGHUP)
        var reloaded = ""
        while !reloaded.contains("reloaded certificate") {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            reloaded += String(decoding: data, as: UTF8.self)
        }
        #expect(reloaded.contains("reloaded certificate"))
        #expect(try client.request("GET", "/healthz").status == 200)

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(TLSTestClient.connectionRefused(port: servedPort))
    }
}
