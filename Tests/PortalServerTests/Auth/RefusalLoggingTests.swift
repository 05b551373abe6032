import Foundation
import Testing

@testable import PortalDomain
@testable import PortalServer

/// 403 refusals go to the access log (and `HTTPMetrics` counts every 403 the server sends, see
/// `HTTPMetricsTests`), never to the audit log, which an attacker must not be able to flood.
@Suite struct RefusalLoggingTests {
    @Test func refusalsAreAccessLoggedNotAudited() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let logPath = test.directory + "/access.log"
        let logger = try BufferedLogger(path: logPath)
        var configuration = ServerConfiguration()
        configuration.templatesDirectory = TestPortal.root + "/Templates"
        configuration.publicDirectory = TestPortal.root + "/Public"
        let application = try PortalApplication.make(
            configuration, portal: test.portal, accessLog: logger, status: ServerStatus(startedAt: 0))
        let auditBefore = try test.portal.audit.count(AuditFilter(), by: .system("test"))
        let token = try accounts.session(.coach, on: test.portal)
        var requests: [HTTPRequest] = []
        for _ in 0..<20 {
            // A role outside the policy, and a form without its CSRF token.
            requests.append(try .get("/owner", headers: [("Cookie", "\(SessionCookie.name)=\(token)")]))
            requests.append(
                try CSRFTests.unsafe(
                    .post, "/account", fields: [("action", "profile")],
                    headers: [("Cookie", "\(SessionCookie.name)=\(token)"), ("Origin", "https://portal.example:8443")]))
        }
        for request in requests {
            let responder = application.responder
            let resolution = responder.resolve(method: request.method, rawPath: request.rawPath, path: request.path)
            var context = RequestContext(requestID: "refusal", remoteAddress: request.remoteAddress)
            responder.prepare(&context, for: resolution)
            #expect(responder.respond(to: request, resolution: resolution, context: &context).status == .forbidden)
        }
        logger.flush()
        let lines = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.contains("status=403") }.count == 40)
        #expect(lines.contains { $0.contains("method=GET path=/owner status=403") })
        #expect(try test.portal.audit.count(AuditFilter(), by: .system("test")) == auditBefore)
    }
}
