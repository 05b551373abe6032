import PortalDomain

/// `portal verify-audit`: walks the audit log's hash chain.
enum VerifyAuditCommand: PortalCommand {
    static let name = "verify-audit"
    static let summary = "verify the audit log's hash chain and name the first broken entry"
    static let help = """
        usage: portal verify-audit [--data-dir DIR]

        Recomputes every audit entry's hash from the first one. Exit status 0 when the chain is intact,
        1 with the id of the first entry whose link or hash does not match. The result is recorded for
        the health and audit pages.

        \(DataDirectoryOption.help)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["data-dir"], flagOptions: [])
        guard options.positionals.isEmpty else { throw UsageError(description: "unexpected argument \(options.positionals[0])") }
        let portal = try DataDirectoryOption.open(options)
        let verification = try portal.audit.verifyChain()
        _ = try? portal.health.runIntegrityCheck(.auditChain)
        if let broken = verification.firstBrokenID {
            print("audit chain BROKEN at entry \(broken) (\(verification.checked) entries checked)")
            return 1
        }
        print("audit chain intact: \(verification.checked) entries")
        return 0
    }
}
