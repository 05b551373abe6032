/// The domain's own periodic jobs, registered by `Portal` on its scheduler.
enum DomainJobs {
    /// Registers the built-in jobs.
    static func register(in scheduler: JobScheduler, portalContext context: ServiceContext, dataDirectory: DataDirectory?) {
        let features = FeatureService(context: context)
        let invoices = InvoiceService(context: context)
        let health = HealthService(context: context, dataDirectory: dataDirectory)
        scheduler.register("expire-feature-overrides", every: 60) {
            "\(try features.expireOverrides()) overrides expired"
        }
        scheduler.register("mark-trials-overdue", every: 3_600) {
            "\(try markTrialsOverdue(context)) trials marked overdue"
        }
        scheduler.register("mark-invoices-overdue", every: 3_600) {
            "\(try invoices.markOverdue()) invoices marked overdue"
        }
        scheduler.register("issue-month-end-invoices", every: 3_600) {
            "\(try invoices.issueMonthEnd()) invoices issued"
        }
        scheduler.register("refresh-aggregates", every: 900) {
            "\(try refreshAggregates(context)) tenants refreshed"
        }
        scheduler.register("integrity-check", every: 86_400) {
            let check = try health.runIntegrityCheck(.quick)
            return "quick_check \(check.ok ? "ok" : "FAILED: \(check.result)") in \(check.durationMilliseconds) ms"
        }
        scheduler.register("verify-audit-chain", every: 86_400) {
            let check = try health.runIntegrityCheck(.auditChain)
            return "audit chain \(check.result)"
        }
    }

    /// Marks trials past their end (once each, audited) so the dashboard and tenant list flag them.
    static func markTrialsOverdue(_ context: ServiceContext) throws -> Int {
        let actor = ActingUser.system("job:mark-trials-overdue")
        return try context.write { tx, now in
            let ids = try tx.rows(
                "SELECT id FROM tenants WHERE status = 'trial' AND trial_ends_at < ? AND trial_overdue_at IS NULL", [now]
            ).map { $0.int64(0) }
            for id in ids {
                try tx.run("UPDATE tenants SET trial_overdue_at = ? WHERE id = ?", [now, id])
                var record = AuditRecord(action: "tenant.trial_overdue", tenantID: id, targetType: "tenant", targetID: id)
                record.change("trial_overdue", "false", "true")
                try AuditWriter.append(tx, record, actor: actor, at: now)
            }
            return ids.count
        }
    }

    /// Recounts every tenant's client and coach counters from the tables, then re-evaluates its
    /// usage percentage (months roll over without writes) and block state. Batches of 200 tenants per
    /// transaction keep the writer lock short.
    static func refreshAggregates(_ context: ServiceContext) throws -> Int {
        let actor = ActingUser.system("job:refresh-aggregates")
        let ids = try context.read { db, _ in try db.rows("SELECT id FROM tenants ORDER BY id").map { $0.int64(0) } }
        var index = 0
        while index < ids.count {
            let batch = Array(ids[index..<min(index + 200, ids.count)])
            try context.write { tx, now in
                for id in batch {
                    try tx.run(
                        """
                        UPDATE tenant_usage SET
                            active_clients = (SELECT count(*) FROM clients WHERE tenant_id = ?1 AND status = 'active'),
                            coaches = (SELECT count(*) FROM coaches WHERE tenant_id = ?1 AND status = 'active')
                        WHERE tenant_id = ?1
                        """, [id])
                    try Limits.reevaluate(tx, tenantID: id, actor: actor, at: now)
                }
            }
            index += batch.count
        }
        return ids.count
    }
}
