import Foundation
import Testing

@testable import PortalDomain
@testable import PortalServer

/// The step-up round trip on a route flagged `stepUp` (a test route: the dangerous owner actions come
/// with issues 6 and 7), through the real middleware chain.
@Suite struct StepUpTests {
    /// The test route's row.
    static let danger = RouteRule(method: .post, pattern: "/danger/{id}", access: .capability(.suspendTenants), stepUp: true)

    /// The application's middleware around one flagged route whose handler echoes the form it got.
    static func responder(_ test: TestPortal) -> Responder {
        let rules: @Sendable (HTTPRequest, RequestContext) -> RouteRule? = { request, context in
            context.route == danger.pattern ? danger : RoutePolicyTable.rule(for: request, context: context)
        }
        let web = test.application.web
        var router = Router()
        router.use(SessionMiddleware(portal: web.portal, rules: rules))
        router.use(CSRFMiddleware(errors: web.errors, rules: rules))
        router.use(AccessMiddleware(errors: web.errors, rules: rules))
        router.use(StepUpMiddleware(web: web, rules: rules))
        router.add(.post, danger.pattern, policy: danger.access.policy) { request, context in
            let fields = try request.formFields().items.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            return .text("done \(context.parameters["id"] ?? "") \(fields) at \(context.session?.secondFactorAt ?? 0)")
        }
        return router.freeze(errorRenderer: web.errors.renderer)
    }

    /// Sends `request` through `responder`.
    static func send(_ request: HTTPRequest, _ responder: Responder) -> PageResponse {
        let resolution = responder.resolve(method: request.method, rawPath: request.rawPath, path: request.path)
        var context = RequestContext(requestID: "step-up-test", remoteAddress: request.remoteAddress)
        responder.prepare(&context, for: resolution)
        return PageResponse(responder.respond(to: request, resolution: resolution, context: &context))
    }

    @Test func staleSecondFactorAsksForACodeAndCarriesOnWithTheSameRequest() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let responder = StepUpTests.responder(test)
        let owner = try #require(accounts.users[.ownerAdmin])
        let token = try accounts.session(.ownerAdmin, on: test.portal)
        let csrf = try #require(try test.portal.sessions.resolve(token: token)?.csrfToken)
        let cookie = ("Cookie", "\(SessionCookie.name)=\(token)")
        func post(_ fields: [(String, String)]) throws -> PageResponse {
            StepUpTests.send(
                try CSRFTests.unsafe(
                    .post, "/danger/7?from=list", fields: fields, headers: [cookie, ("Origin", "https://portal.example:8443")]),
                responder)
        }
        let form = [("_csrf", csrf), ("reason", "unpaid <invoices> & \"more\""), ("confirm", "Walk Studio")]
        // Fresh second factor: straight through.
        #expect(try post(form).text.hasPrefix("done 7 _csrf="))
        // 16 minutes later: the step-up page, re-posting the same fields to the same URL.
        test.clock.advance(by: 16 * 60)
        let ask = try post(form)
        #expect(ask.status == 200)
        #expect(ask.text.contains("Confirm it's you"))
        #expect(ask.text.contains("action=\"/danger/7?from=list\""))
        #expect(ask.text.contains("name=\"reason\" value=\"unpaid &lt;invoices&gt; &amp; &quot;more&quot;\""))
        #expect(ask.text.contains("name=\"confirm\" value=\"Walk Studio\""))
        #expect(ask.text.contains("name=\"_stepup_code\""))
        #expect(ask.text.components(separatedBy: "name=\"_csrf\"").count == 2 + 1)  // the form's own (+ the sign-out form's)
        let replayed = [
            ("_csrf", try #require(TestPortal.csrf(in: ask))), ("reason", "unpaid <invoices> & \"more\""),
            ("confirm", "Walk Studio"),
        ]
        // A wrong code: asked again, with the error, nothing done.
        let secret = try #require(accounts.secrets[owner.id])
        let wrong = test.code(secret) == "000000" ? "111111" : "000000"
        let again = try post(replayed + [("_stepup_code", wrong)])
        #expect(again.status == 401)
        #expect(again.text.contains(AuthMessages.codeFailed))
        #expect(!again.text.hasPrefix("done"))
        // The right code: the original request goes on in the same round trip, without the code field.
        let done = try post(replayed + [("_stepup_code", test.code(secret))])
        #expect(done.status == 200)
        #expect(
            done.text == "done 7 _csrf=\(csrf)&reason=unpaid <invoices> & \"more\"&confirm=Walk Studio at \(test.clock.seconds)")
        let audit = try test.portal.audit.page(AuditFilter(action: "auth.step_up"), by: .system("test")).entries
        #expect(audit.first?.facts["for"] == "POST /danger/{id}")
        #expect(try test.portal.audit.page(AuditFilter(action: "auth.step_up_failed"), by: .system("test")).entries.count == 1)
        // Renewed: the next dangerous request within 15 minutes needs no code.
        test.clock.advance(by: 10 * 60)
        #expect(try post(form).text.hasPrefix("done 7"))
    }

    @Test func otherRolesAreRefusedBeforeAnyStepUp() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let responder = StepUpTests.responder(test)
        let token = try accounts.session(.support, on: test.portal, secondFactorAt: 0)
        let csrf = try #require(try test.portal.sessions.resolve(token: token)?.csrfToken)
        let response = StepUpTests.send(
            try CSRFTests.unsafe(
                .post, "/danger/7", fields: [("_csrf", csrf)],
                headers: [("Cookie", "\(SessionCookie.name)=\(token)"), ("Origin", "https://portal.example:8443")]), responder)
        #expect(response.status == 403)
        #expect(response.text.contains(AccessMiddleware.refusal(.support)))
    }
}
