import Foundation
import PortalDomain
import Testing

@testable import PortalServer

@Suite struct OwnerBroadcastsPagesTests {
    @Test func previewSanitizesAndWritesNothing() throws {
        let f = try OwnerFixture()
        let before = try f.auditCount()
        let preview = try f.post(
            "/owner/broadcasts",
            [
                ("title", "Spring update"), ("audience", "coaches"), ("intent", "preview"),
                (
                    "body",
                    #"<p onclick="x()">New <strong>reports</strong></p><script>alert(1)</script><a href="javascript:x">bad</a>"#
                ),
            ], as: .support)
        #expect(preview.status == 200)
        #expect(preview.text.contains(#"<div class="rich"><p>New <strong>reports</strong></p>"#))
        #expect(!preview.text.contains("javascript:"))
        #expect(!preview.text.contains("<script>alert"))
        #expect(!preview.text.contains("onclick"))
        #expect(preview.text.contains(#"<option value="coaches" selected>"#))
        #expect(try f.auditCount() == before)
        #expect(try f.portal.broadcasts.list(status: .draft, by: f.actor(.readOnly)).total == 1)
    }

    @Test func draftIsSavedSanitizedEditedAndDeleted() throws {
        let f = try OwnerFixture()
        let missing = try f.post(
            "/owner/broadcasts", [("title", ""), ("audience", "all"), ("body", "<p></p>"), ("intent", "save")])
        #expect(missing.status == 422)
        #expect(missing.text.contains("Title is required.") && missing.text.contains("Message is required."))
        let saved = try f.post(
            "/owner/broadcasts",
            [
                ("title", "New feature"), ("audience", "clients"), ("body", "<p>Hi <em>all</em><img src=x onerror=y></p>"),
                ("intent", "save"),
            ])
        #expect(saved.status == 303)
        let id = try #require(saved.location.flatMap { Int64($0.split(separator: "/").last ?? "") })
        let stored = try f.portal.broadcasts.get(id, by: f.actor(.readOnly))
        #expect(stored.bodyHTML == "<p>Hi <em>all</em></p>" && stored.audience == .clients && stored.status == .draft)
        #expect(try f.lastAudit("broadcast.drafted")?.targetID == id)
        let view = try f.get("/owner/broadcasts/\(id)").text
        #expect(view.contains("<p>Hi <em>all</em></p>") && view.contains("This is a draft"))

        let edited = try f.post(
            "/owner/broadcasts/\(id)",
            [("title", "New feature!"), ("audience", "all"), ("body", "<p>Hello</p>"), ("intent", "save")])
        #expect(edited.status == 303)
        #expect(try f.portal.broadcasts.get(id, by: f.actor(.readOnly)).title == "New feature!")
        #expect(try f.lastAudit("broadcast.edited")?.changes.contains(.value("audience", "clients", "all")) == true)
        #expect(
            try f.post("/owner/broadcasts/\(id)", [("title", "x"), ("audience", "all"), ("body", "<p>y</p>")], as: .billingOps)
                .status == 403)

        let confirm = try f.get("/owner/broadcasts/\(id)/delete").text
        #expect(confirm.contains("Delete draft"))
        let deleted = try f.post("/owner/broadcasts/\(id)/delete", [])
        #expect(deleted.status == 303)
        #expect(try f.lastAudit("broadcast.deleted")?.targetID == id)
        #expect(try f.get("/owner/broadcasts/\(id)").status == 404)
    }

    @Test func sendStatesTheRecipientsThenSendsOnce() throws {
        let f = try OwnerFixture()
        let confirm = try f.get("/owner/broadcasts/\(f.draft.id)/send", as: .support).text
        // Tenant admins: one per studio.
        #expect(confirm.contains("<strong>2 recipients</strong>"))
        #expect(confirm.contains("Send to 2 recipients"))
        #expect(try f.post("/owner/broadcasts/\(f.draft.id)/send", [], as: .readOnly).status == 403)
        let sent = try f.post("/owner/broadcasts/\(f.draft.id)/send", [], as: .support)
        #expect(sent.status == 303)
        #expect(f.flash(sent) == "“Maintenance on Sunday” sent to 2 recipients (tenant owners).")
        let broadcast = try f.portal.broadcasts.get(f.draft.id, by: f.actor(.readOnly))
        #expect(broadcast.status == .sent && broadcast.recipients == 2)
        let entry = try #require(try f.lastAudit("broadcast.sent"))
        #expect(entry.actorUserID == f.staff[.support]?.userID && entry.facts["recipients"] == "2")
        #expect(try f.portal.broadcasts.unreadCount(by: f.tenantAdmin) == 1)
        #expect(try f.post("/owner/broadcasts/\(f.draft.id)/send", [], as: .support).status == 409)
        #expect(try f.get("/owner/broadcasts/\(f.draft.id)/edit").status == 409)
        let list = try f.get("/owner/broadcasts").text
        #expect(list.contains("No drafts") && list.contains("Maintenance on Sunday"))
    }
}
