@testable import PortalServer

#if canImport(Glibc)
    import Glibc
#endif

/// A live server on 127.0.0.1 port 0 with a fresh self-signed certificate in a temp dir.
final class TestServer {
    let server: HTTPServer
    let directory: String
    let certificatePath: String
    let keyPath: String

    /// Starts a server for `router`; `configure` adjusts the configuration first.
    init(
        router: Router, limits: HTTPLimits = HTTPLimits(), accessLog: BufferedLogger? = nil,
        configure: (inout HTTPServer.Configuration) -> Void = { _ in }
    ) throws {
        directory = try TestServer.makeTemporaryDirectory()
        certificatePath = directory + "/cert.pem"
        keyPath = directory + "/key.pem"
        try TestServer.writeCertificate(certificatePath: certificatePath, keyPath: keyPath)
        var configuration = HTTPServer.Configuration(certificateChainPath: certificatePath, privateKeyPath: keyPath)
        configuration.port = 0
        configuration.eventLoops = 2
        configuration.workers = 4
        configuration.limits = limits
        configure(&configuration)
        server = try HTTPServer(configuration: configuration, responder: router.freeze(limits: limits), accessLog: accessLog)
        try server.start()
    }

    deinit {
        stop()
        TestServer.removeTree(directory)
    }

    var port: Int { server.port }

    /// A connected client.
    func client(alpn: [String]? = ["http/1.1"], session: TLSTestSession? = nil) throws -> TLSTestClient {
        try TLSTestClient(port: port, alpn: alpn, session: session)
    }

    private var stopped = false

    /// Shuts down and waits.
    func stop() {
        guard !stopped else { return }
        stopped = true
        server.shutdown()
        server.waitUntilStopped()
    }

    static func writeCertificate(certificatePath: String, keyPath: String) throws {
        let generated = try TLSSelfSignedCertificate.generate()
        try write(certificatePath, generated.certificatePEM)
        try write(keyPath, generated.privateKeyPEM)
    }

    static func write(_ path: String, _ text: String) throws {
        guard let file = fopen(path, "w") else { throw HTTPError(.internalServerError, "cannot write \(path)") }
        fputs(text, file)
        fclose(file)
    }

    static func makeTemporaryDirectory() throws -> String {
        var template = Array("/tmp/portal-test-XXXXXX".utf8CString)
        guard let result = mkdtemp(&template) else { throw HTTPError(.internalServerError, "mkdtemp failed") }
        return String(cString: result)
    }

    static func removeTree(_ path: String) {
        guard path.hasPrefix("/tmp/portal-test-") else { return }
        _ = system("rm -rf '\(path)'")
    }
}
