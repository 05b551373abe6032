import Testing

@testable import PortalDomain

@Suite struct BroadcastServiceTests {
    private struct World {
        let f: PortalFixture
        let admin: ActingUser
        let coach: ActingUser
        let client: ActingUser
    }

    private func world() throws -> World {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant(plan: f.pro)
        let coach = try f.portal.coaches.add(
            tenant: tenant.id, PersonDraft(name: "Coach", email: "coach@pulse.example"), by: admin)
        let client = try f.portal.clients.add(
            tenant: tenant.id, PersonDraft(name: "Client", email: "client@pulse.example"), by: admin)
        return World(
            f: f, admin: admin,
            coach: ActingUser(userID: try #require(coach.userID), role: .coach, tenantID: tenant.id),
            client: ActingUser(userID: try #require(client.userID), role: .client, tenantID: tenant.id))
    }

    @Test func audienceDecidesWhoSeesABroadcast() throws {
        let w = try world()
        let f = w.f
        for audience in Audience.allCases {
            let draft = try f.portal.broadcasts.createDraft(
                BroadcastDraft(
                    title: "To \(audience.rawValue)", bodyHTML: "<p>Hello <b>\(audience.rawValue)</b></p>", audience: audience),
                by: f.owner)
            #expect(try f.portal.broadcasts.inbox(by: w.admin).items.isEmpty || audience != .all)
            _ = try f.portal.broadcasts.send(draft.id, by: f.support)
        }
        #expect(try f.portal.broadcasts.inbox(by: w.admin).items.map(\.title) == ["To tenant_admins", "To all"])
        #expect(try f.portal.broadcasts.inbox(by: w.coach).items.map(\.title) == ["To coaches", "To all"])
        #expect(try f.portal.broadcasts.inbox(by: w.client).items.map(\.title) == ["To clients", "To all"])
        #expect(try f.portal.broadcasts.inbox(by: w.client).items.first?.bodyText == "Hello clients")
        #expect(throws: DomainError.self) { _ = try f.portal.broadcasts.inbox(by: f.owner) }
    }

    @Test func usersSeeOnlyBroadcastsSentAfterTheyJoined() throws {
        let w = try world()
        let f = w.f
        let early = try f.portal.broadcasts.createDraft(
            BroadcastDraft(title: "Early", bodyHTML: "<p>old news</p>", audience: .all), by: f.owner)
        _ = try f.portal.broadcasts.send(early.id, by: f.owner)
        f.clock.advance(by: 60)
        let tenantID = try #require(w.admin.tenantID)
        let late = try f.portal.clients.add(
            tenant: tenantID, PersonDraft(name: "Latecomer", email: "late@pulse.example"), by: w.admin)
        let latecomer = ActingUser(userID: try #require(late.userID), role: .client, tenantID: tenantID)
        #expect(try f.portal.broadcasts.inbox(by: latecomer).items.isEmpty)
        #expect(try f.portal.broadcasts.unreadCount(by: latecomer) == 0)
        #expect(try f.portal.broadcasts.unreadCount(by: w.client) == 1)
        f.clock.advance(by: 60)
        let next = try f.portal.broadcasts.createDraft(
            BroadcastDraft(title: "Next", bodyHTML: "<p>new</p>", audience: .clients), by: f.owner)
        _ = try f.portal.broadcasts.send(next.id, by: f.owner)
        #expect(try f.portal.broadcasts.inbox(by: latecomer).items.map(\.title) == ["Next"])
        // A message outside one's inbox cannot be marked read.
        #expect(throws: DomainError.self) { try f.portal.broadcasts.markRead(early.id, by: latecomer) }
    }

    @Test func readStateAndUnreadCountArePerUser() throws {
        let w = try world()
        let f = w.f
        var ids: [Int64] = []
        for index in 0..<3 {
            let draft = try f.portal.broadcasts.createDraft(
                BroadcastDraft(title: "News \(index)", bodyHTML: "<p>item \(index)</p>", audience: .all), by: f.owner)
            ids.append(try f.portal.broadcasts.send(draft.id, by: f.owner).id)
            f.clock.advance(by: 10)
        }
        #expect(try f.portal.broadcasts.unreadCount(by: w.admin) == 3)
        try f.portal.broadcasts.markRead(ids[1], by: w.admin)
        try f.portal.broadcasts.markRead(ids[1], by: w.admin)
        #expect(try f.portal.broadcasts.unreadCount(by: w.admin) == 2)
        #expect(try f.portal.broadcasts.unreadCount(by: w.coach) == 3)
        let inbox = try f.portal.broadcasts.inbox(limit: 2, by: w.admin)
        #expect(inbox.items.map(\.title) == ["News 2", "News 1"] && inbox.items.map(\.isRead) == [false, true])
        let older = try f.portal.broadcasts.inbox(limit: 2, before: inbox.nextBefore, by: w.admin)
        #expect(older.items.map(\.title) == ["News 0"] && older.nextBefore == nil)
        #expect(try f.portal.broadcasts.markAllRead(by: w.admin) == 2)
        #expect(try f.portal.broadcasts.unreadCount(by: w.admin) == 0)
    }

    @Test func sendingWritesNoPerRecipientRowsAndDraftsFollowTheRules() throws {
        let w = try world()
        let f = w.f
        #expect(throws: DomainError.self) {
            _ = try f.portal.broadcasts.createDraft(BroadcastDraft(title: "", bodyHTML: "<p></p>", audience: .all), by: f.owner)
        }
        #expect(throws: DomainError.self) {
            _ = try f.portal.broadcasts.createDraft(
                BroadcastDraft(title: "x", bodyHTML: "<p>x</p>", audience: .all), by: f.billing)
        }
        let draft = try f.portal.broadcasts.createDraft(
            BroadcastDraft(title: "Hi", bodyHTML: "<p>x</p>", audience: .all), by: f.owner)
        _ = try f.portal.broadcasts.updateDraft(
            draft.id, BroadcastDraft(title: "Hello", bodyHTML: "<p>y</p>", audience: .coaches), by: f.owner)
        #expect(try f.portal.broadcasts.recipientCount(.all, by: f.viewer) == 3)
        let readsBefore = try f.count("message_reads")
        let sent = try f.portal.broadcasts.send(draft.id, by: f.owner)
        #expect(sent.status == .sent && sent.recipients == 1 && sent.title == "Hello")
        #expect(try f.count("message_reads") == readsBefore)
        #expect(throws: DomainError.self) { _ = try f.portal.broadcasts.send(draft.id, by: f.owner) }
        #expect(throws: DomainError.self) {
            _ = try f.portal.broadcasts.updateDraft(
                draft.id, BroadcastDraft(title: "x", bodyHTML: "<p>x</p>", audience: .all), by: f.owner)
        }
        #expect(throws: DomainError.self) { try f.portal.broadcasts.deleteDraft(draft.id, by: f.owner) }
        #expect(try f.portal.broadcasts.list(status: .sent, by: f.viewer).total == 1)
        let entry = try #require(try f.lastAudit())
        #expect(entry.action == "broadcast.sent" && entry.facts["recipients"] == "1")
    }

    @Test func plainTextExcerpt() {
        #expect(PlainText.excerpt("<h1>Title</h1><p>Fish &amp; chips<br>today</p>") == "Title Fish & chips today")
        #expect(PlainText.excerpt("<p>" + String(repeating: "word ", count: 100) + "</p>", limit: 20).count == 20)
    }
}
