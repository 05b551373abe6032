import PortalDomain
import Testing

@testable import PortalServer

@Suite struct NotificationPagesTests {
    /// Sends `count` broadcasts to everyone, a minute apart; returns their ids, oldest first.
    @discardableResult
    private func broadcasts(_ f: TenantFixture, _ count: Int) throws -> [Int64] {
        let owner = TenantFixture.actor(f.ownerAdmin)
        return try (0..<count).map { index in
            f.clock.advance(by: 60)
            let draft = try f.portal.broadcasts.createDraft(
                BroadcastDraft(title: "News \(index)", bodyHTML: "<p>Item <em>\(index)</em></p>", audience: .all), by: owner)
            return try f.portal.broadcasts.send(draft.id, by: owner).id
        }
    }

    @Test func inboxShowsSanitizedHtmlRawWithUnreadStyling() throws {
        let f = try TenantFixture()
        try broadcasts(f, 2)
        let page = try f.get("/app/notifications", as: f.clientA)
        #expect(page.status == 200)
        #expect(page.text.contains("<p>Item <em>1</em></p>"))
        #expect(page.text.contains(#"<li class="notification unread">"#))
        #expect(page.text.contains("2 unread"))
        #expect(page.text.contains(#"<span class="count">2</span>"#))
    }

    @Test func markReadAndMarkAllRead() throws {
        let f = try TenantFixture()
        let ids = try broadcasts(f, 3)
        let one = try f.post("/app/notifications/\(ids[0])/read", as: f.coachA)
        #expect(one.status == 303 && one.location == "/app/notifications")
        #expect(try f.portal.broadcasts.unreadCount(by: TenantFixture.actor(f.coachA)) == 2)
        let all = try f.post("/app/notifications/read-all", as: f.coachA)
        #expect(all.status == 303)
        #expect(try f.portal.broadcasts.unreadCount(by: TenantFixture.actor(f.coachA)) == 0)
        // The admin's inbox is their own.
        #expect(try f.portal.broadcasts.unreadCount(by: TenantFixture.actor(f.adminA)) == 3)
        let page = try f.get("/app/notifications", as: f.coachA)
        #expect(page.text.contains("All read") && !page.text.contains(#"class="notification unread""#))
    }

    @Test func pagesByCursor() throws {
        let f = try TenantFixture()
        let ids = try broadcasts(f, NotificationPages.perPage + 2)
        let first = try f.get("/app/notifications", as: f.adminA)
        #expect(first.text.contains("News \(NotificationPages.perPage + 1)") && !first.text.contains("News 1<"))
        let older = try #require(first.text.firstMatch(of: /href="(\/app\/notifications\?before=\d+)"/)?.output.1)
        let second = try f.get(String(older), as: f.adminA)
        #expect(second.text.contains("News 0") && second.text.contains("News 1<"))
        #expect(second.text.contains(#"<a href="/app/notifications">Newest</a>"#))
        let marked = try f.post(
            "/app/notifications/\(ids[0])/read", [("before", String(older.split(separator: "=")[1]))], as: f.adminA)
        #expect(marked.location == String(older))
    }

    @Test func anotherTenantsNoticeIsNotFound() throws {
        let f = try TenantFixture()
        try f.portal.broadcasts.notifyUser(
            f.adminB.id, title: "For B", bodyHTML: "<p>B only</p>", by: TenantFixture.actor(f.ownerAdmin))
        let noticeID = try f.portal.broadcasts.inbox(by: TenantFixture.actor(f.adminB)).items[0].id
        let before = try f.snapshot()
        #expect(try f.post("/app/notifications/\(noticeID)/read", as: f.adminA).status == 404)
        #expect(try f.snapshot() == before)
        #expect(!(try f.get("/app/notifications", as: f.adminA).text.contains("For B")))
    }
}
