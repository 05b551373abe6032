import Foundation
import PortalDomain
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A writer process killed with SIGKILL in the middle of a stream of commits loses no committed
/// transaction, and the database stays intact.
@Suite struct CrashSafetyTests {
    /// Runs `portal debug-write-stream` until it has acknowledged at least `acknowledged` commits,
    /// SIGKILLs it, and returns every id it printed (each printed only after its COMMIT returned).
    private func killMidStream(dataDirectory: String, acknowledged: Int) throws -> [Int64] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(PortalBinary.path))
        process.arguments = ["debug-write-stream", "--data-dir", dataDirectory]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        var lines = 0
        let deadline = Date().addingTimeInterval(60)
        while lines < acknowledged && Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
            lines = text.filter { $0 == "\n" }.count
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Ids printed before the kill landed are acknowledged too.
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        let complete = text.hasSuffix("\n") ? text : String(text[..<(text.lastIndex(of: "\n") ?? text.startIndex)])
        return complete.split(separator: "\n").compactMap { Int64($0) }
    }

    @Test(.enabled(if: PortalBinary.isAvailable, "needs the built portal binary (swift build)"))
    func noAcknowledgedCommitIsLostWhenTheWriterIsKilled() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var acknowledged: [Int64] = []
        // Three kills in a row on the same data directory: recovery after a crash must itself be crash-safe.
        for round in 0..<3 {
            let ids = try killMidStream(dataDirectory: root, acknowledged: 150 + round * 50)
            #expect(ids.count >= 150)
            acknowledged += ids
        }
        let portal = try Portal.open(dataDirectory: DataDirectory(path: root))
        let stored = try portal.database.read { db in
            Set(try db.rows("SELECT id FROM system_events WHERE source = 'debug-write-stream'").map { $0.int64(0) })
        }
        let missing = acknowledged.filter { !stored.contains($0) }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing.prefix(10))")
        #expect(Set(acknowledged).count == acknowledged.count)
        let integrity = try portal.database.read { try $0.rows("PRAGMA integrity_check").map { $0.string(0) } }
        #expect(integrity == ["ok"])
    }
}
