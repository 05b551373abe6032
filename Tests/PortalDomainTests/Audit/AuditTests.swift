import Foundation
import Testing

@testable import PortalDomain

@Suite struct AuditTests {
    private func populated() throws -> (PortalFixture, Tenant, ActingUser) {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        try f.clients(2, tenant: tenant.id, admin: admin)
        _ = try f.portal.tenants.suspend(tenant.id, reason: "Unpaid", by: f.owner)
        _ = try f.portal.tenants.reactivate(tenant.id, reason: "Paid", by: f.owner)
        return (f, tenant, admin)
    }

    @Test func triggersRefuseUpdateAndDelete() throws {
        let (f, _, _) = try populated()
        let error = try #require(throws: SQLiteError.self) {
            try f.portal.database.write { try $0.run("UPDATE audit_entries SET action = 'nothing' WHERE id = 1") }
        }
        #expect(error.message.contains("append-only"))
        #expect(throws: SQLiteError.self) { try f.portal.database.write { try $0.run("DELETE FROM audit_entries WHERE id = 1") } }
        #expect(throws: SQLiteError.self) { try f.portal.database.write { try $0.run("DELETE FROM audit_notes") } }
        #expect(throws: SQLiteError.self) {
            try f.portal.database.write { try $0.run("UPDATE audit_notes SET text = 'rewritten'") }
        }
        #expect(try f.portal.audit.verifyChain().isIntact)
    }

    @Test func chainNamesTheFirstEditedEntry() throws {
        let (f, _, _) = try populated()
        let total = try f.count("audit_entries")
        #expect(
            try f.portal.audit.verifyChain()
                == AuditVerification(checked: Int(total), firstBrokenID: nil, verifiedAt: f.clock.seconds))
        // An attacker with the file drops the trigger and rewrites history.
        let victim = total - 3
        try f.portal.database.write { tx in
            try tx.execute("DROP TRIGGER audit_entries_no_update")
            try tx.run("UPDATE audit_entries SET ip = '203.0.113.66' WHERE id = ?", [victim])
        }
        #expect(try f.portal.audit.verifyChain().firstBrokenID == victim)
        // Recomputing that entry's hash does not help: the next link breaks.
        try f.portal.database.write { tx in
            let row = try #require(try tx.row("SELECT hash FROM audit_entries WHERE id = ?", [victim - 1]))
            let entry = try #require(try tx.row("SELECT * FROM audit_entries WHERE id = ?", [victim]))
            let fields = AuditChain.Fields(
                id: victim, createdAt: entry.int64("created_at"), actorUserID: entry.optionalInt64("actor_user_id"),
                actorRole: entry.string("actor_role"), impersonatorUserID: entry.optionalInt64("impersonator_user_id"),
                tenantID: entry.optionalInt64("tenant_id"), action: entry.string("action"),
                targetType: entry.optionalString("target_type"),
                targetID: entry.optionalInt64("target_id"), requestID: entry.optionalString("request_id"),
                ip: entry.optionalString("ip"),
                details: entry.string("details"), noteHash: entry.optionalString("note_hash"))
            try tx.run(
                "UPDATE audit_entries SET hash = ? WHERE id = ?", [AuditChain.hash(previous: row.string(0), fields), victim])
        }
        #expect(try f.portal.audit.verifyChain().firstBrokenID == victim + 1)
    }

    @Test func deletedEntriesAreCaught() throws {
        let (f, _, _) = try populated()
        try f.portal.database.write { tx in
            try tx.execute("DROP TRIGGER audit_entries_no_delete")
            try tx.run("DELETE FROM audit_notes WHERE entry_id = 5")
            try tx.run("DELETE FROM audit_entries WHERE id = 5")
        }
        #expect(try f.portal.audit.verifyChain().firstBrokenID == 6)
    }

    @Test func chainHoldsIdsNotPersonalData() throws {
        let (f, tenant, admin) = try populated()
        _ = try f.portal.clients.update(
            try f.portal.clients.list(tenant: tenant.id, by: admin).items[0].id, tenant: tenant.id,
            PersonDraft(name: "Private Person", email: "private@mail.example", phone: "+49 170 9999999"), by: admin)
        let chainText = try f.portal.database.read { db -> String in
            var text = ""
            try db.each("SELECT * FROM audit_entries") { s in for i in 0..<s.columnCount { text += s.value(i).description } }
            return text
        }
        for secret in ["Private Person", "private@mail.example", "9999999", "Anna", "Unpaid"] {
            #expect(!chainText.contains(secret), "\(secret) is in the hash chain")
        }
        let entry = try #require(try f.lastAudit())
        #expect(entry.action == "client.updated")
        #expect(entry.changes == [.personal("name"), .personal("email"), .personal("phone")])
    }

    @Test func filtersAndKeysetPagination() throws {
        let (f, tenant, admin) = try populated()
        let byTenant = try f.portal.audit.page(AuditFilter(tenantID: tenant.id), limit: 2, by: f.viewer)
        #expect(byTenant.entries.map(\.action) == ["tenant.reactivated", "tenant.suspended"])
        let next = try f.portal.audit.page(AuditFilter(tenantID: tenant.id), before: byTenant.nextBefore, limit: 50, by: f.viewer)
        #expect(next.entries.map(\.action) == ["client.created", "client.created", "user.created", "tenant.created"])
        #expect(next.nextBefore == nil)
        #expect(try f.portal.audit.page(AuditFilter(actorUserID: admin.userID), by: f.owner).entries.count == 2)
        #expect(try f.portal.audit.page(AuditFilter(action: "tenant."), by: f.owner).entries.count == 3)
        #expect(try f.portal.audit.count(AuditFilter(action: "plan.created"), by: f.owner) == 3)
        #expect(try f.portal.audit.page(AuditFilter(from: f.clock.seconds + 1), by: f.owner).entries.isEmpty)
        #expect(
            try f.portal.audit.page(AuditFilter(until: f.clock.seconds + 1), by: f.owner).entries.count
                == Int(try f.count("audit_entries")))
        #expect(throws: DomainError.self) { _ = try f.portal.audit.page(AuditFilter(), by: admin) }
        let suspended = try #require(byTenant.entries.last)
        #expect(suspended.note == "Unpaid" && byTenant.names.user(suspended.actorUserID) == "Owner admin <owner@test.example>")
    }

    @Test func csvExportStreamsChunksAndDefusesFormulas() throws {
        let (f, tenant, _) = try populated()
        _ = try f.portal.tenants.suspend(tenant.id, reason: "=HYPERLINK(\"http://evil\"), with comma", by: f.owner)
        var chunks: [String] = []
        try f.portal.audit.exportCSV(AuditFilter(tenantID: tenant.id), chunkSize: 200, by: f.viewer) { chunks.append($0) }
        #expect(chunks.count > 2)
        let csv = chunks.joined()
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines[0] == AuditService.csvHeader.trimmingCharacters(in: .newlines))
        #expect(lines.count == 1 + Int(try f.portal.audit.count(AuditFilter(tenantID: tenant.id), by: f.owner)))
        #expect(lines[1].contains("tenant.suspended") && lines[1].contains("\"'=HYPERLINK(\"\"http://evil\"\"), with comma\""))
        #expect(
            AuditService.csvCell("+1") == "'+1" && AuditService.csvCell("a\"b") == "\"a\"\"b\""
                && AuditService.csvCell("plain") == "plain")
    }
}
