import Foundation
import PortalDomain
import Testing

@testable import PortalServer

@Suite struct ErrorPagesTests {
    @Test func unknownPathIsA404PageInThePublicLayoutWithSecurityHeaders() throws {
        let test = try TestPortal()
        let response = try test.get("/nope")
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(response.text.contains("<h1>Not found</h1>"))
        #expect(response.text.contains(#"href="/login""#))
        #expect(response.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
        #expect(response.header("X-Request-Id") != nil)
    }

    @Test func limitExceededIsA402WithTheUpgradePath() throws {
        let test = try TestPortal()
        var context = RequestContext(requestID: "r9", remoteAddress: "127.0.0.1")
        context.session = .mock(.mock(.tenantAdmin, tenantID: 1))
        let limit = LimitExceeded(
            kind: .clients, limit: 100, current: 100, requested: 1, planID: 1, planName: "Starter", tenantID: 1)
        let response = PageResponse(
            test.application.web.errors.response(
                for: .limitExceeded(limit), request: try HTTPRequest.get("/app/clients"), context: context))
        #expect(response.status == 402)
        #expect(response.text.contains("100 of 100"))
        #expect(response.text.contains(#"href="/app/settings/plan#upgrade""#))
        #expect(response.text.contains("Nothing was saved"))
        #expect(response.text.contains("r9"))
    }

    @Test func apiPathsGetTheJSONEnvelope() throws {
        let test = try TestPortal()
        let response = try test.get("/api/v1/nothing-here")
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect((json["error"] as? [String: String])?["code"] == "E_NOT_FOUND")
        #expect(json["request_id"] as? String != nil)
        #expect(json["server_time"] as? String != nil)
        #expect(json["data"] is NSNull)
    }

    @Test func domainErrorsMapToStatuses() throws {
        let test = try TestPortal()
        let errors = test.application.web.errors
        let request = try HTTPRequest.get("/owner")
        let context = RequestContext(requestID: "r", remoteAddress: "127.0.0.1")
        let cases: [(DomainError, Int)] = [
            (.notFound("tenant 4"), 404), (.notPermitted("no"), 403), (.invalid(["name": "required"]), 422),
            (.conflict("pending"), 409), (.tenantInactive(.suspended), 403),
        ]
        for (error, status) in cases {
            #expect(errors.response(for: error, request: request, context: context).status.code == status)
        }
    }
}
