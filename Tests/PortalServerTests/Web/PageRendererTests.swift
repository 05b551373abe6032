import PortalDomain
import Testing
import Views

@testable import PortalServer

@Suite struct PageRendererTests {
    @Test func ownerLayoutShowsUserNavigationAndEscapesValues() throws {
        let test = try TestPortal()
        let session = WebSession.mock(.mock(.ownerAdmin, name: "Dana <O'Neil>"))
        let request = try HTTPRequest.get("/owner/tenants/4")
        var context = RequestContext(requestID: "r1", remoteAddress: "127.0.0.1")
        context.session = session
        let page = test.application.web.pages.render(
            "errors/owner", title: "Tenants", content: ["error": ["status": 404, "title": "Nope", "message": "<b>x</b>"]],
            breadcrumbs: [Breadcrumb("Tenants", "/owner/tenants"), Breadcrumb("Acme")], request: request, context: context)
        let html = PageResponse(page).text
        #expect(html.contains("Dana &lt;O&#39;Neil&gt;"))
        #expect(html.contains("&lt;b&gt;x&lt;/b&gt;"))
        #expect(html.contains(#"<a href="/owner/tenants" aria-current="page">Tenants</a>"#))
        #expect(html.contains(#"<span aria-current="page">Acme</span>"#))
        #expect(html.contains(#"<span class="mark">Owner</span>"#))
        #expect(!html.contains("impersonation-banner"))
        #expect(page.headers[.cacheControl] == "no-store")
    }

    @Test func bannerIsRenderedWhilePageContentCannotReplaceIt() throws {
        let test = try TestPortal()
        let staff = Viewer.mock(.support, id: 2, name: "Sam Support")
        let target = Viewer.mock(.tenantAdmin, id: 3, tenantID: 1, name: "Tina Admin")
        let session = WebSession.mock(staff, impersonating: target, tenantName: "Bodyforge", expiresAt: test.clock.seconds + 754)
        var context = RequestContext(requestID: "r2", remoteAddress: "127.0.0.1")
        context.session = session
        let page = test.application.web.pages.render(
            "errors/tenant", title: "Home", content: ["impersonation": false, "error": ["status": 403]],
            request: try HTTPRequest.get("/app"), context: context)
        let html = PageResponse(page).text
        #expect(html.contains("Viewing as <strong>Tina Admin</strong> (Bodyforge), impersonated by <strong>Sam Support</strong>"))
        #expect(html.contains(">read-only</span>, ends in <time"))
        #expect(html.contains(">12:34</time>"))
        #expect(html.contains(#"action="/impersonation/stop""#))
        #expect(html.contains(#"<span class="mark">Studio</span>"#))
    }

    @Test func flashCookieRoundTripsAndTamperingIsIgnored() throws {
        let flash = FlashCookie(keyring: .random())
        let message = FlashMessage(kind: .success, message: "Tenant “Acme” suspended; reason: a.b:c")
        let value = flash.encode([message])
        #expect(flash.decode(value) == [message])
        #expect(HTTPResponse.isCookieValueSafe(value))
        var tampered = Array(value.utf8)
        tampered[2] ^= 1
        #expect(flash.decode(String(decoding: tampered, as: UTF8.self)).isEmpty)
        #expect(FlashCookie(keyring: .random()).decode(value).isEmpty)
    }

    @Test func flashIsShownOnceThenCleared() throws {
        let test = try TestPortal()
        let flash = FlashCookie(keyring: test.portal.keyring)
        let value = flash.encode([FlashMessage(kind: .error, message: "Could not save")])
        let response = try test.get("/no-such-page", headers: [("Cookie", "\(FlashCookie.name)=\(value)")])
        #expect(response.status == 404)
        #expect(response.text.contains(#"<li><div class="notice error" role="alert">Could not save</div></li>"#))
        #expect(
            response.response.headers.values(for: .setCookie).contains {
                $0.hasPrefix("__Host-flash=;") && $0.contains("Max-Age=0")
            })
    }
}

extension HTTPResponse {
    /// True when `value` only has cookie-octets.
    static func isCookieValueSafe(_ value: String) -> Bool { value.utf8.allSatisfy(isCookieOctet) }
}
