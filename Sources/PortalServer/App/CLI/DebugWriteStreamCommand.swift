import PortalDomain

#if canImport(Glibc)
    import Glibc
#endif

/// `portal debug-write-stream`: a test aid for the crash-safety test. Commits a stream of small
/// transactions and prints each committed id only after its COMMIT returned.
enum DebugWriteStreamCommand: PortalCommand {
    static let name = "debug-write-stream"
    static let summary = "(test aid) commit a stream of transactions, printing each committed id"
    static let help = """
        usage: portal debug-write-stream [--data-dir DIR] [--count N]

        Test aid for the crash-safety test: records N (default: until killed) system events, one
        transaction each with the production durability settings, and prints each event's id on its
        own line after the commit returned, flushing stdout each time.

        \(DataDirectoryOption.help)
          --count N          stop after N transactions (default: run until killed)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["data-dir", "count"], flagOptions: [])
        let count = try options.int("count", default: Int.max, range: 1...Int.max)
        let portal = try DataDirectoryOption.open(options)
        var written = 0
        while written < count {
            let id = try portal.health.recordEvent(level: .info, source: "debug-write-stream", message: "write \(written)")
            let line = "\(id)\n"
            _ = line.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
            written += 1
        }
        return 0
    }
}
