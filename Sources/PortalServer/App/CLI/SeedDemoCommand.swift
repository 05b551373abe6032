import Foundation
import PortalDomain

#if canImport(Glibc)
    import Glibc
#endif

/// `portal seed-demo`: fills an empty data directory with the demo platform.
enum SeedDemoCommand: PortalCommand {
    static let name = "seed-demo"
    static let summary = "fill an empty data directory with deterministic demo data"
    static let help = """
        usage: portal seed-demo [--data-dir DIR] [--seed N] [--scale] [--print-accounts]

        Fills an empty database with the demo platform (3 plans, about 200 tenants in every status,
        coaches, clients, 90 days of sessions, invoices, upgrade requests, broadcasts, one account per
        role). Deterministic: the same seed on the same day gives the same data. On a demo database it
        changes nothing; on a database with other data it refuses.

        \(DataDirectoryOption.help)
          --seed N           PRNG seed (default 1)
          --scale            10,000 tenants, ~1,000,000 users, ~10,000,000 sessions (benchmarks)
          --print-accounts   print the demo accounts as JSON [{email, role, password, totp_secret,
                             tenant}] (seeding first when the database is empty; demo databases only)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(
            arguments, valueOptions: ["data-dir", "seed"], flagOptions: ["scale", "print-accounts"])
        guard options.positionals.isEmpty else { throw UsageError(description: "unexpected argument \(options.positionals[0])") }
        let seed = try options.int("seed", default: 1, range: 0...Int.max)
        let printAccounts = options.flag("print-accounts")
        let portal = try DataDirectoryOption.open(options)
        let seeder = DemoSeeder(portal: portal)
        // With --print-accounts stdout carries only the JSON: progress goes to stderr.
        let say: @Sendable (String) -> Void
        if printAccounts {
            say = { printError($0) }
        } else {
            // Flushed per line, so progress shows while a long --scale run goes on.
            say = {
                print($0)
                fflush(nil)
            }
        }
        var seedOptions = DemoSeeder.Options()
        seedOptions.seed = UInt64(seed)
        seedOptions.scale = options.flag("scale")
        seedOptions.progress = say
        let isEmpty = try seeder.state() == .empty
        if !printAccounts || isEmpty {
            if isEmpty {
                say("seeding \(seedOptions.scale ? "the --scale data set" : "demo data") with seed \(seed)…")
            }
            let report = try seeder.seed(seedOptions)
            if report.seeded {
                let size = portal.database.fileSizes()
                say(
                    String(
                        format: "seeded %d tenants, %d users, %d sessions in %.1f s; database %.1f MB (+ %.1f MB WAL)",
                        report.tenants, report.users, report.sessions, report.seconds, Double(size.database) / 1e6,
                        Double(size.wal) / 1e6))
            } else {
                say(
                    "already a demo database (seed \(report.seed)\(report.scale ? ", --scale" : "")): \(report.tenants) tenants, \(report.users) users, \(report.sessions) sessions; nothing changed"
                )
            }
        }
        if printAccounts {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(try seeder.accounts())
            print(String(decoding: data, as: UTF8.self))
        }
        return 0
    }
}
