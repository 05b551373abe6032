import Foundation
import Testing

@testable import PortalDomain

@Suite struct InvoiceServiceTests {
    @Test func billingMarksInvoicesAndPaidIsFinal() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        f.clock.set(Date(timeIntervalSince1970: 1_775_044_800))  // 2026-04-01
        #expect(try f.portal.invoices.issueMonthEnd() == 1)
        let invoice = try #require(try f.portal.invoices.list(tenant: tenant.id, by: admin).first)
        #expect(invoice.status == .pending && invoice.dueAt == invoice.issuedAt + 14 * 86_400)
        #expect(throws: DomainError.self) { _ = try f.portal.invoices.markFailed(invoice.id, by: f.support) }
        #expect(throws: DomainError.self) { _ = try f.portal.invoices.markPaid(invoice.id, by: admin) }
        #expect(try f.portal.invoices.markFailed(invoice.id, by: f.billing).status == .failed)
        #expect(try f.portal.invoices.list(status: .failed, by: f.viewer).items.map(\.id) == [invoice.id])
        let paid = try f.portal.invoices.markPaid(invoice.id, by: f.billing)
        #expect(paid.status == .paid && paid.paidAt == f.clock.seconds)
        #expect(throws: DomainError.self) { _ = try f.portal.invoices.markFailed(invoice.id, by: f.billing) }
        let entry = try #require(try f.lastAudit())
        #expect(entry.action == "invoice.paid" && entry.changes == [.value("status", "failed", "paid")])
    }
}
