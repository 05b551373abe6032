import Foundation
import PortalDomain
import Testing

@testable import PortalServer

/// Every owner page renders (200) for every owner role, inside the owner layout, with its key content.
@Suite struct OwnerPagesRenderTests {
    @Test func everyReadPageRendersForEveryOwnerRole() throws {
        let f = try OwnerFixture()
        let pages = [
            "/owner", "/owner/invoices", "/owner/invoices?status=paid&days=30", "/owner/tenants", "/owner/tenants?active=7d",
            "/owner/tenants?sort=sessions", "/owner/tenants?q=pulse&status=active&plan=\(f.starter.id)&sort=usage&dir=asc",
            "/owner/tenants/\(f.tenant.id)", "/owner/plans", "/owner/upgrades", "/owner/broadcasts",
            "/owner/broadcasts/\(f.draft.id)", "/owner/audit", "/owner/audit?tenant=\(f.tenant.id)&action=tenant.",
            "/owner/health",
        ]
        for role in OwnerFixture.ownerRoles {
            for path in pages {
                let response = try f.get(path, as: role)
                #expect(response.status == 200, "\(path) as \(role): \(response.status)")
                #expect(response.text.contains(#"<span class="mark">Owner</span>"#), "\(path) as \(role)")
                #expect(response.text.contains("\(role.label) Person"), "\(path) as \(role)")
                #expect(!response.text.contains("style="), "\(path) has an inline style")
                #expect(!response.text.contains("<script>"), "\(path) has an inline script")
            }
        }
    }

    @Test func managementPagesRenderForTheRolesThatMayUseThem() throws {
        let f = try OwnerFixture()
        let pages: [(String, Role)] = [
            ("/owner/plans/new", .billingOps), ("/owner/plans/\(f.pro.id)/edit", .ownerAdmin),
            ("/owner/plans/\(f.enterprise.id)/delete", .billingOps), ("/owner/broadcasts/new", .support),
            ("/owner/broadcasts/\(f.draft.id)/edit", .ownerAdmin), ("/owner/broadcasts/\(f.draft.id)/send", .support),
            ("/owner/broadcasts/\(f.draft.id)/delete", .ownerAdmin),
            ("/owner/tenants/\(f.tenant.id)/suspend", .billingOps), ("/owner/tenants/\(f.tenant.id)/block", .ownerAdmin),
            ("/owner/tenants/\(f.tenant.id)/reset-demo-data", .support), ("/owner/tenants/\(f.tenant.id)/anonymize", .ownerAdmin),
            ("/owner/tenants/\(f.tenant.id)/reactivate", .ownerAdmin),
        ]
        for (path, role) in pages {
            let response = try f.get(path, as: role)
            #expect(response.status == 200, "\(path) as \(role): \(response.status)")
        }
    }

    @Test func dashboardCardsLinkToTheViewsBehindThem() throws {
        let f = try OwnerFixture()
        let html = try f.get("/owner").text
        for href in [
            "/owner/invoices?status=paid&amp;days=30", "/owner/tenants?active=7d", "/owner/tenants?sort=sessions", "#peak-hour",
        ] {
            #expect(html.contains(#"<a class="metric" href="\#(href)">"#), "card link \(href)")
        }
        #expect(html.contains("Total revenue (30 days)"))
        #expect(html.contains(#"<svg class="sparkline""#))
        #expect(html.contains(#"id="peak-hour""#))
        #expect(html.contains("What changed in 7 days"))
        // Both studios were created this week.
        #expect(html.contains(#"<a href="/owner/tenants/\#(f.tenant.id)">Bodyforge Berlin</a>"#))
        // The demo tenant is at 3 of 4 clients (75 %), below the alert line: no usage alert for it.
        #expect(!html.contains("Bodyforge Berlin</a>: "))
    }

    @Test func tenantDirectoryFiltersLiveInTheURL() throws {
        let f = try OwnerFixture()
        let all = try f.get("/owner/tenants").text
        #expect(all.contains("Bodyforge Berlin") && all.contains("Pulse Hamburg"))
        #expect(all.contains(#"aria-sort="ascending""#))
        let searched = try f.get("/owner/tenants?q=contact%40pulse").text
        #expect(searched.contains("Pulse Hamburg") && !searched.contains("Bodyforge Berlin"))
        #expect(searched.contains(#"value="contact@pulse""#))
        let active = try f.get("/owner/tenants?active=7d").text
        #expect(active.contains("Bodyforge Berlin") && active.contains("Pulse Hamburg"))
        #expect(active.contains("in the last 7 days"))
        let sessions = try f.get("/owner/tenants?sort=sessions").text
        let first = try #require(sessions.range(of: "Bodyforge Berlin"))
        let second = try #require(sessions.range(of: "Pulse Hamburg"))
        #expect(first.lowerBound < second.lowerBound)
        let suspended = try f.get("/owner/tenants?status=suspended").text
        #expect(suspended.contains("No tenants match"))
        #expect(suspended.contains(#"href="/owner/tenants?status=suspended" aria-current="page""#))
        // Sorting links keep the filters.
        let filtered = try f.get("/owner/tenants?q=berlin&status=active").text
        #expect(filtered.contains(#"href="/owner/tenants?q=berlin&amp;status=active&amp;sort=clients""#))
    }

    @Test func tenantDetailShowsEverySection() throws {
        let f = try OwnerFixture()
        let html = try f.get("/owner/tenants/\(f.tenant.id)").text
        for text in [
            "Summary", "Usage against the plan", "Users", "Invoices", "Features", "Recent activity", "Provider access history",
            "Carla Coach", "Tina Admin", "Marketing automation", "3 / 4", "No one from the platform has accessed",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
        // The impersonation panel posts to the agreed route with the agreed fields.
        #expect(html.contains(#"action="/owner/tenants/\#(f.tenant.id)/impersonate""#))
        for field in [#"name="user_id""#, #"name="reason""#, #"name="ticket""#, #"name="minutes""#, #"name="_csrf""#] {
            #expect(html.contains(field), "impersonation field \(field)")
        }
        // Owner admins see every action; read-only staff none, and no feature forms.
        #expect(html.contains("/owner/tenants/\(f.tenant.id)/anonymize"))
        let readOnly = try f.get("/owner/tenants/\(f.tenant.id)", as: .readOnly).text
        #expect(!readOnly.contains("/owner/tenants/\(f.tenant.id)/suspend"))
        #expect(!readOnly.contains(#"action="/owner/tenants/\#(f.tenant.id)/features""#))
        #expect(!readOnly.contains(#"/impersonate""#))
        let billing = try f.get("/owner/tenants/\(f.tenant.id)", as: .billingOps).text
        #expect(billing.contains("/owner/tenants/\(f.tenant.id)/suspend"))
        #expect(!billing.contains("/owner/tenants/\(f.tenant.id)/anonymize"))
        #expect(try f.get("/owner/tenants/999999").status == 404)
        #expect(try f.get("/owner/tenants/abc").status == 400)
    }

    @Test func emptyPlatformShowsEmptyStates() throws {
        let test = try TestPortal()
        let user = try test.portal.users.createStaff(
            email: "solo@owner.example", displayName: "Solo", role: .ownerAdmin, password: OwnerFixture.password,
            hasher: OwnerFixture.hasher, by: .system("test")
        ).user
        let session = WebSession.mock(
            Viewer(userID: user.id, role: .ownerAdmin, tenantID: nil, name: "Solo", email: user.email, timeZone: "UTC"))
        let expectations = [
            ("/owner", "No alerts"), ("/owner/tenants", "No tenants match"), ("/owner/plans", "No plans yet"),
            ("/owner/upgrades", "Nothing to decide"), ("/owner/broadcasts", "No drafts"),
            ("/owner/invoices", "No invoices match"),
        ]
        for (path, text) in expectations {
            let response = try test.get(path, session: session)
            #expect(response.status == 200, "\(path)")
            #expect(response.text.contains(text), "\(path) lacks its empty state")
        }
    }
}
