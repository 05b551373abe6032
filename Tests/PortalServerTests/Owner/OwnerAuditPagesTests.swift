import Foundation
import PortalDomain
import Testing

@testable import PortalServer

@Suite struct OwnerAuditPagesTests {
    @Test func filtersShowBothIdentitiesAndBeforeAfterValues() throws {
        let f = try OwnerFixture()
        // An action taken while impersonating: the tenant admin acts, the support agent behind them.
        let support = f.staff[.support]!
        _ = try f.portal.clients.add(
            tenant: f.tenant.id, PersonDraft(name: "Walk-in"),
            by: ActingUser(
                userID: f.tenantAdmin.userID!, role: .tenantAdmin, tenantID: f.tenant.id, impersonatorUserID: support.userID))
        _ = try f.portal.tenants.suspend(f.other.id, reason: "Chargeback", by: f.actor(.billingOps))
        let all = try f.get("/owner/audit", as: .readOnly).text
        #expect(all.contains("Support Person as Tina Admin"))
        #expect(all.contains(#"<span class="before">active</span> → <span class="after">suspended</span>"#))
        #expect(all.contains("“Chargeback”"))
        let bySupport = try f.get("/owner/audit?actor=support%40owner.example").text
        #expect(bySupport.contains("Support Person as Tina Admin"))
        #expect(!bySupport.contains("Chargeback"))
        #expect(bySupport.contains("Actions by Support Person &lt;support@owner.example&gt;"))
        let byTenant = try f.get("/owner/audit?tenant=\(f.other.id)&action=tenant.suspended").text
        #expect(byTenant.contains("Chargeback") && !byTenant.contains("Support Person as"))
        let unknown = try f.get("/owner/audit?actor=nobody%40x.example&from=yesterday")
        #expect(unknown.status == 422)
        #expect(unknown.text.contains("No user has that id or e-mail.") && unknown.text.contains("Use a date like 2026-11-01."))
        // Dates are the viewer's days: nothing before today.
        #expect(try f.get("/owner/audit?until=2026-11-01").text.contains("No entries"))
        #expect(try f.get("/owner/audit?from=2026-11-18&until=2026-11-18").text.contains("Chargeback"))
    }

    @Test func keysetPagesGoOlderAndNewer() throws {
        let f = try OwnerFixture()
        for index in 0..<60 {
            _ = try f.portal.features.define(
                key: "flag_\(index)", name: "Flag \(index)", description: "", by: f.actor(.ownerAdmin))
        }
        let first = try f.get("/owner/audit?action=feature.created").text
        #expect(first.contains("Flag 59") && !first.contains(">Flag 9<"))
        let older = try #require(
            first.firstMatch(of: /href="(\/owner\/audit\?action=feature.created&amp;before=\d+)" rel="next"/))
        #expect(!first.contains(#"rel="prev""#))
        let second = try f.get(String(older.1).replacing("&amp;", with: "&")).text
        #expect(second.contains(#"rel="prev""#) && !second.contains(#"rel="next""#))
        #expect(second.contains("63 entries match"))
    }

    @Test func csvExportStreamsTheFilteredRowsWithAHeader() throws {
        let f = try OwnerFixture()
        _ = try f.portal.tenants.suspend(f.other.id, reason: "=cmd|' /C calc'!A0", by: f.actor(.billingOps))
        let response = try f.get("/owner/audit.csv?tenant=\(f.other.id)", as: .readOnly)
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(response.header("Content-Disposition")?.hasPrefix("attachment; filename=\"audit-2026-11-18.csv\"") == true)
        guard case .stream = response.response.body else {
            Issue.record("the export is not streamed")
            return
        }
        let lines = response.text.split(separator: "\r\n")
        #expect(lines.first.map { String($0) + "\r\n" } == AuditService.csvHeader)
        let expected = try f.portal.audit.count(AuditFilter(tenantID: f.other.id), by: f.actor(.readOnly))
        #expect(lines.count == expected + 1)
        #expect(lines.allSatisfy { !$0.contains("Bodyforge") })
        #expect(response.text.contains("'=cmd"))
        #expect(try f.get("/owner/audit.csv?tenant=abc").status == 422)
    }

    @Test func verificationStateAndVerifyNow() throws {
        let f = try OwnerFixture()
        #expect(try f.get("/owner/audit").text.contains("not verified yet"))
        #expect(try f.get("/owner/audit", as: .support).text.contains("Verify now") == false)
        let done = try f.post("/owner/audit/verify", [])
        #expect(done.status == 303)
        #expect(f.flash(done)?.hasPrefix("The audit chain is intact") == true)
        let page = try f.get("/owner/audit").text
        #expect(page.contains(#"<span class="badge ok">intact</span>"#))
    }
}
