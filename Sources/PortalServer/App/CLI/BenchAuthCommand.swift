import Dispatch
import Foundation
import PortalDomain

/// `portal bench-auth`: the benchmark aid behind `scripts/bench-auth` for the password-hashing cost.
enum BenchAuthCommand: PortalCommand {
    static let name = "bench-auth"
    static let summary = "(benchmark aid) time password hashing and verification with the production policy"
    static let help = """
        usage: portal bench-auth [--runs N]

        Benchmark aid for scripts/bench-auth: hashes and verifies a password N times (default 20) with
        the production policy (scrypt N=2^15, r=8, p=1, as PasswordHasher.standard) on one thread, and
        prints min/p50/p95/max in milliseconds against the issue's 50–250 ms bar. Touches no data.

          --runs N           repetitions (default 20)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["runs"], flagOptions: [])
        guard options.positionals.isEmpty else { throw UsageError(description: "unexpected argument \(options.positionals[0])") }
        let runs = try options.int("runs", default: 20, range: 1...10_000)
        let hasher = PasswordHasher.standard
        var hashing: [Double] = []
        var verifying: [Double] = []
        var stored = try hasher.hash("warm-up passphrase")
        for index in 0..<runs {
            let password = "benchmark passphrase \(index)"
            var start = DispatchTime.now().uptimeNanoseconds
            stored = try hasher.hash(password)
            hashing.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            start = DispatchTime.now().uptimeNanoseconds
            guard hasher.verify(password, against: stored) else { preconditionFailure("a fresh hash does not verify") }
            verifying.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        print("password hashing: scrypt ln=\(hasher.logN) r=\(hasher.r) p=\(hasher.p), \(runs) runs, one thread")
        print("| operation | min ms | p50 ms | p95 ms | max ms | bar 50–250 ms |")
        print("|---|---:|---:|---:|---:|---|")
        for (name, samples) in [("hash (new password)", hashing), ("verify (sign-in)", verifying)] {
            let sorted = samples.sorted()
            let p50 = quantile(sorted, 0.50)
            let verdict = (50...250).contains(p50) ? "met" : "NOT met"
            print(
                String(
                    format: "| %@ | %.1f | %.1f | %.1f | %.1f | %@ |", name, sorted[0], p50, quantile(sorted, 0.95),
                    sorted[sorted.count - 1], verdict))
        }
        return 0
    }

    /// Nearest-rank quantile of sorted samples.
    private static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
    }
}
