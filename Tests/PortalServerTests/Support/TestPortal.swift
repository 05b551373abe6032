import Foundation
import PortalDomain
import Synchronization

@testable import PortalServer

/// The whole application in-process: a fresh data directory, the repository's `Templates/` and `Public/`,
/// and a client that sends requests through the frozen responder exactly as the server would.
///
/// Cookies set by responses are kept (a tiny cookie jar), so sign-in flows can be followed request by request.
final class TestPortal: Sendable {
    /// The temporary data directory.
    let directory: String
    /// The domain on it.
    let portal: Portal
    /// The assembled application.
    let application: PortalApplication
    /// The clock the domain and the pages read.
    let clock: ManualClock
    private let jar = Mutex<[String: String]>([:])
    private let counter = Atomic<Int>(0)

    /// The repository root (found from this file's path).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A portal at `now` (UTC Unix seconds), seeded by `seed` if given, with the sign-in policy `auth`.
    init(
        now: Int64 = 1_795_000_000, auth: AuthConfiguration = AuthConfiguration(), seed: ((Portal) throws -> Void)? = nil
    ) throws {
        directory = try TestServer.makeTemporaryDirectory()
        clock = ManualClock(seconds: now)
        var databaseConfiguration = Database.Configuration()
        databaseConfiguration.synchronous = .normal
        portal = try Portal.open(
            dataDirectory: DataDirectory(path: directory + "/data"), clock: clock, configuration: databaseConfiguration,
            auth: auth)
        try seed?(portal)
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory + "/data"
        configuration.templatesDirectory = TestPortal.root + "/Templates"
        configuration.publicDirectory = TestPortal.root + "/Public"
        let clock = self.clock
        application = try PortalApplication.make(
            configuration, portal: portal, accessLog: nil, status: ServerStatus(startedAt: now),
            clock: { clock.seconds })
    }

    deinit { TestServer.removeTree(directory) }

    /// The response to `request`; `session` is attached before the middleware runs (for tests of pages
    /// before the sign-in middleware existed, and for forcing a state). Cookies from the jar are sent.
    func send(_ request: HTTPRequest, session: WebSession? = nil) -> PageResponse {
        var request = request
        let cookies = jar.withLock { $0 }
        if !cookies.isEmpty {
            request.headers.add(.cookie, cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))
        }
        let responder = application.responder
        let resolution = responder.resolve(method: request.method, rawPath: request.rawPath, path: request.path)
        var context = RequestContext(
            requestID: "test-\(counter.add(1, ordering: .relaxed).newValue)", remoteAddress: request.remoteAddress)
        responder.prepare(&context, for: resolution)
        if let session { context.session = session }
        let response = responder.respond(to: request, resolution: resolution, context: &context)
        remember(response)
        return PageResponse(response)
    }

    /// GET `target`.
    func get(_ target: String, headers: [(String, String)] = [], session: WebSession? = nil) throws -> PageResponse {
        send(try HTTPRequest.get(target, headers: headers), session: session)
    }

    /// POST a form to `target` (with a same-origin `Origin`).
    func post(
        _ target: String, form: [(String, String)], headers: [(String, String)] = [("Origin", "https://a")],
        session: WebSession? = nil
    ) throws -> PageResponse {
        let body = form.map { "\(URLQuery.encode($0.0))=\(URLQuery.encode($0.1))" }.joined(separator: "&")
        let extra = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        let text =
            "POST \(target) HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\(extra)\r\n\(body)"
        return send(try HTTPRequest.mock(text), session: session)
    }

    /// Forgets every cookie.
    func clearCookies() { jar.withLock { $0.removeAll() } }

    /// The cookie jar's value for `name`.
    func cookie(_ name: String) -> String? { jar.withLock { $0[name] } }

    private func remember(_ response: HTTPResponse) {
        for header in response.headers.values(for: .setCookie) {
            let pair = header.split(separator: ";", maxSplits: 1)[0]
            guard let eq = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<eq])
            let value = String(pair[pair.index(after: eq)...])
            jar.withLock { jar in
                if header.contains("Max-Age=0") || value.isEmpty { jar[name] = nil } else { jar[name] = value }
            }
        }
    }
}

/// A response with its body collected (streams run to completion).
struct PageResponse: Sendable {
    /// The response.
    let response: HTTPResponse
    /// The whole body.
    let body: [UInt8]

    init(_ response: HTTPResponse) {
        self.response = response
        switch response.body {
        case .bytes(let bytes): body = bytes
        case .stream(let produce):
            let writer = CollectingWriter()
            try? produce(writer)
            body = writer.bytes
        }
    }

    /// The status code.
    var status: Int { response.status.code }
    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The first value of a header.
    func header(_ name: String) -> String? { response.headers[HTTPHeaderName(name)] }
    /// The redirect target.
    var location: String? { header("Location") }
}

/// Collects a streamed body.
final class CollectingWriter: HTTPBodyWriter {
    private let collected = Mutex<[UInt8]>([])
    func write(_ bytes: [UInt8]) throws { collected.withLock { $0 += bytes } }
    var bytes: [UInt8] { collected.withLock { $0 } }
}
