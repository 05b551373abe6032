import Foundation

extension DemoGenerator {
    /// The last three months' invoices: mostly paid, some failed, the latest overdue or pending;
    /// suspended tenants owe their latest.
    mutating func invoices(_ db: SQLiteConnection, tenantID: Int64, plan: PlanSpec, created: Int64, status: TenantStatus) throws {
        let utc = TimeZones.zoneOrUTC("UTC")
        let today = TimeZones.local(reference, in: utc)
        let thisMonth = today.year * 100 + today.month
        for back in (1...3).reversed() {
            let month = TimeZones.addMonths(thisMonth, -back)
            let periodEnd = TimeZones.startOfMonth(TimeZones.addMonths(month, 1), in: utc)
            guard created < periodEnd - 5 * Self.day else { continue }
            let issued = periodEnd + 3_600
            let due = issued + InvoiceService.paymentTermDays * Self.day
            let roll = random.unit()
            var state: InvoiceStatus = roll < 0.9 ? .paid : roll < 0.95 ? .failed : .pending
            if back == 1, status == .suspended { state = random.chance(0.5) ? .failed : .pending }
            if state == .pending, due < reference { state = .overdue }
            var paidAt: Int64? = state == .paid ? issued + Int64(random.int(0...9 * 86_400)) : nil
            if let paid = paidAt, paid >= reference { paidAt = reference - Int64(random.int(60...3_600)) }
            try db.run(
                """
                INSERT INTO invoices (id, tenant_id, plan_id, period, amount_minor, currency, status, issued_at, due_at, paid_at)
                VALUES (?, ?, ?, ?, ?, 'EUR', ?, ?, ?, ?)
                """,
                [
                    nextInvoiceID, tenantID, plan.id, String(format: "%04d-%02d", month / 100, month % 100), plan.price, state,
                    issued, due, paidAt,
                ])
            nextInvoiceID += 1
        }
    }

    /// Pending requests (6% of paying tenants below Enterprise) and decided ones in the history; the
    /// over-limit tenant's downgrade is one of them.
    mutating func upgrades(
        _ db: SQLiteConnection, tenantID: Int64, index: Int, planIndex: Int, previousPlan: Int?, status: TenantStatus,
        created: Int64
    ) throws {
        let admin = try db.int(
            "SELECT id FROM users WHERE tenant_id = ? AND role = 'tenant_admin' ORDER BY id LIMIT 1", [tenantID])
        let tenantActor = ActingUser(userID: admin ?? 0, role: .tenantAdmin, tenantID: tenantID)
        if let previousPlan {
            // Downgraded by billing: the tenant is now over its limits (the seeder's reevaluate blocks it).
            let at = reference - 2 * Self.day
            var record = AuditRecord(action: "tenant.plan_changed", tenantID: tenantID, targetType: "tenant", targetID: tenantID)
            record.change("plan_id", String(plans[previousPlan].id), String(plans[planIndex].id))
            record.facts = ["via": "direct"]
            record.note = "Downgrade requested by the studio to save costs"
            history.append((at, record, actor(1)))
            return
        }
        let decided = random.chance(0.04)
        let pending = index == 0 || (status == .active || status == .trial) && planIndex < 2 && random.chance(0.06)
        if decided, planIndex > 0, created < reference - 40 * Self.day {
            let requestedAt = reference - Int64(random.int(3...35)) * Self.day
            let decidedAt = requestedAt + Int64(random.int(3_600...3 * 86_400))
            let reason = random.pick(DemoWords.upgradeReasons)
            try db.run(
                """
                INSERT INTO upgrade_requests (id, tenant_id, from_plan_id, to_plan_id, reason, status, requested_by, requested_at,
                    decided_by, decided_at, decision_reason)
                VALUES (?, ?, ?, ?, ?, 'approved', ?, ?, ?, ?, NULL)
                """,
                [
                    nextRequestID, tenantID, plans[planIndex - 1].id, plans[planIndex].id, reason, admin, requestedAt,
                    staffIDs[0], min(decidedAt, reference - 60),
                ])
            var requested = AuditRecord(
                action: "upgrade.requested", tenantID: tenantID, targetType: "upgrade_request", targetID: nextRequestID)
            requested.note = reason
            history.append((requestedAt, requested, tenantActor))
            var approved = AuditRecord(
                action: "upgrade.approved", tenantID: tenantID, targetType: "upgrade_request", targetID: nextRequestID)
            approved.change("status", "pending", "approved")
            history.append((min(decidedAt, reference - 60), approved, actor(0)))
            var changed = AuditRecord(action: "tenant.plan_changed", tenantID: tenantID, targetType: "tenant", targetID: tenantID)
            changed.change("plan_id", String(plans[planIndex - 1].id), String(plans[planIndex].id))
            changed.facts = ["via": "upgrade:\(nextRequestID)"]
            history.append((min(decidedAt, reference - 60), changed, actor(0)))
            try notice(
                db, tenantID: tenantID, title: "Your plan is now \(plans[planIndex].name)",
                body: "<p>Your request to move to \(plans[planIndex].name) was approved. The new limits apply now.</p>",
                at: min(decidedAt, reference - 60))
            nextRequestID += 1
        } else if decided, planIndex < 2 {
            let requestedAt = reference - Int64(random.int(10...60)) * Self.day
            let decidedAt = requestedAt + Int64(random.int(3_600...5 * 86_400))
            let rejection = random.pick(DemoWords.rejectionReasons)
            try db.run(
                """
                INSERT INTO upgrade_requests (id, tenant_id, from_plan_id, to_plan_id, reason, status, requested_by, requested_at,
                    decided_by, decided_at, decision_reason)
                VALUES (?, ?, ?, ?, ?, 'rejected', ?, ?, ?, ?, ?)
                """,
                [
                    nextRequestID, tenantID, plans[planIndex].id, plans[planIndex + 1].id, random.pick(DemoWords.upgradeReasons),
                    admin, requestedAt, staffIDs[2 % staffIDs.count], decidedAt, rejection,
                ])
            var rejected = AuditRecord(
                action: "upgrade.rejected", tenantID: tenantID, targetType: "upgrade_request", targetID: nextRequestID)
            rejected.change("status", "pending", "rejected")
            rejected.note = rejection
            history.append((decidedAt, rejected, actor(1)))
            try notice(
                db, tenantID: tenantID, title: "Your upgrade request was declined",
                body: "<p>Your request to move to \(plans[planIndex + 1].name) was declined: \(HTMLText.escape(rejection))</p>",
                at: decidedAt)
            nextRequestID += 1
        }
        if pending, planIndex < 2, index != 2 {
            let requestedAt = reference - Int64(random.int(0...10)) * Self.day - Int64(random.int(0...80_000))
            let reason = index == 0 ? DemoWords.upgradeReasons[0] : random.pick(DemoWords.upgradeReasons)
            try db.run(
                """
                INSERT INTO upgrade_requests (id, tenant_id, from_plan_id, to_plan_id, reason, status, requested_by, requested_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
                """,
                [nextRequestID, tenantID, plans[planIndex].id, plans[planIndex + 1].id, reason, admin, max(created, requestedAt)])
            var record = AuditRecord(
                action: "upgrade.requested", tenantID: tenantID, targetType: "upgrade_request", targetID: nextRequestID)
            record.facts = ["from_plan_id": String(plans[planIndex].id), "to_plan_id": String(plans[planIndex + 1].id)]
            record.note = reason
            history.append((max(created, requestedAt), record, tenantActor))
            nextRequestID += 1
        }
    }

    private mutating func notice(_ db: SQLiteConnection, tenantID: Int64, title: String, body: String, at: Int64) throws {
        try db.run(
            """
            INSERT INTO messages (id, kind, tenant_id, audience, title, body_html, body_text, status, created_at, updated_at, sent_at)
            VALUES (?, 'notice', ?, 'tenant_admins', ?, ?, ?, 'sent', ?, ?, ?)
            """, [nextMessageID, tenantID, title, body, PlainText.excerpt(body), at, at, at])
        nextMessageID += 1
    }

    /// Three sent broadcasts, one draft, and read marks for the demo tenant's admin.
    mutating func messages(_ db: SQLiteConnection) throws {
        let broadcasts: [(Int64?, Audience, String, String)] = [
            (
                60, .all, "New: waitlists for full sessions",
                "<p>Clients can now join a <strong>waitlist</strong> when a session is full.</p>"
            ),
            (
                20, .tenantAdmins, "Planned maintenance on Sunday",
                "<p>The booking app is unavailable on Sunday from 02:00 to 03:00 UTC.</p>"
            ),
            (3, .all, "Summer challenge starts Monday", "<p>Join the <em>30-day summer challenge</em> and win a free month.</p>"),
            (nil, .coaches, "Coach training videos (draft)", "<p>New videos on electrode placement are coming.</p>"),
        ]
        for (daysAgo, audience, title, body) in broadcasts {
            let sentAt = daysAgo.map { reference - $0 * Self.day + 9 * 3_600 }
            let created = (sentAt ?? reference) - 2 * Self.day
            let recipients = try sentAt.map { _ in try BroadcastService.recipientCount(db, audience) }
            try db.run(
                """
                INSERT INTO messages (id, kind, audience, title, body_html, body_text, status, created_by, created_at, updated_at,
                    sent_by, sent_at, recipients)
                VALUES (?, 'broadcast', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    nextMessageID, audience, title, body, PlainText.excerpt(body), sentAt == nil ? "draft" : "sent", staffIDs[0],
                    created, sentAt ?? created, sentAt == nil ? nil : staffIDs[0], sentAt, recipients,
                ])
            var record = AuditRecord(
                action: sentAt == nil ? "broadcast.drafted" : "broadcast.sent", targetType: "broadcast", targetID: nextMessageID)
            record.facts = ["audience": audience.rawValue]
            if let recipients { record.facts["recipients"] = String(recipients) }
            history.append((sentAt ?? created, record, actor(0)))
            if daysAgo == 60, let admin = try db.int("SELECT id FROM users WHERE email_key = 'admin@bodyforge-berlin.example'") {
                try db.run(
                    "INSERT INTO message_reads (user_id, message_id, read_at) VALUES (?, ?, ?)",
                    [admin, nextMessageID, (sentAt ?? reference) + 3_600])
            }
            nextMessageID += 1
        }
    }

    /// A few errors in the last day and older warnings and notes (the health page and alerts).
    mutating func systemEvents(_ db: SQLiteConnection) throws {
        let events: [(Int64, EventLevel, String, String)] = [
            (3 * 3_600, .error, "payments", "Payment provider timed out after 30 s (3 retries)"),
            (9 * 3_600, .error, "mail", "SMTP relay refused the connection: 421 try again later"),
            (20 * 3_600, .warning, "http", "p95 latency above 200 ms for 5 minutes"),
            (2 * Self.day, .warning, "storage", "Data directory 80% full"),
            (4 * Self.day, .info, "deploy", "Portal 0.1.0 deployed"),
            (6 * Self.day, .error, "payments", "Webhook signature mismatch for 2 events"),
        ]
        for (ago, level, source, message) in events {
            try db.run(
                "INSERT INTO system_events (created_at, level, source, message) VALUES (?, ?, ?, ?)",
                [reference - ago, level, source, message])
        }
    }

    /// Real password hashes and enrolled TOTP for the demo accounts only (about 100 ms each).
    mutating func accounts(_ db: SQLiteConnection) throws {
        let passwords = Self.passwords(seed: options.seed, count: Self.accountSpecs.count)
        let secrets = Self.totpSecrets(seed: options.seed, count: Self.accountSpecs.count)
        var updates: [(Int64, String, [UInt8]?)] = []
        for (index, spec) in Self.accountSpecs.enumerated() {
            guard let id = try db.int("SELECT id FROM users WHERE email_key = ?", [spec.email]) else {
                throw DomainError.notFound("demo account \(spec.email)")
            }
            let hash = try options.hasher.hash(passwords[index])
            let sealed = spec.role.isOwnerStaff ? try keyring.seal(Array(secrets[index].utf8), context: "totp:user:\(id)") : nil
            updates.append((id, hash, sealed))
        }
        try db.execute("BEGIN")
        for (id, hash, sealed) in updates {
            try db.run(
                "UPDATE users SET password_hash = ?, totp_secret = ?, totp_enabled = ? WHERE id = ?",
                [hash, sealed.map(SQLValue.blob) ?? .null, sealed != nil, id])
        }
        try db.execute("COMMIT")
    }
}
