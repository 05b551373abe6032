import Testing

@testable import PortalServer

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct CertificateBootstrapTests {
    @Test func generatesOnceThenReuses() throws {
        let directory = try TestServer.makeTemporaryDirectory()
        defer { TestServer.removeTree(directory) }
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory + "/data"
        let first = try CertificateBootstrap.prepare(configuration)
        #expect(first.generated)
        #expect(first.certificatePath == directory + "/data/tls/self-signed.crt")
        var info = stat()
        #expect(stat(first.privateKeyPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(first.info.subject.contains("CN=localhost"))
        #expect(first.info.sha256Fingerprint.split(separator: ":").count == 32)
        let days = (first.info.notAfterEpoch - Int(time(nil))) / 86_400
        #expect(days == 824 || days == 825)
        let second = try CertificateBootstrap.prepare(configuration)
        #expect(!second.generated)
        #expect(second.info.sha256Fingerprint == first.info.sha256Fingerprint)
        // The generated pair loads as a server context.
        _ = try TLSContext(certificateChainPath: second.certificatePath, privateKeyPath: second.privateKeyPath)
    }

    @Test func configuredPairIsUsedAsIs() throws {
        let directory = try TestServer.makeTemporaryDirectory()
        defer { TestServer.removeTree(directory) }
        try TestServer.writeCertificate(certificatePath: directory + "/c.pem", keyPath: directory + "/k.pem")
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory + "/data"
        configuration.certificatePath = directory + "/c.pem"
        configuration.privateKeyPath = directory + "/k.pem"
        let result = try CertificateBootstrap.prepare(configuration)
        #expect(!result.generated)
        #expect(access(directory + "/data/tls", F_OK) != 0)
    }

    @Test func mismatchedKeyIsRefused() throws {
        let directory = try TestServer.makeTemporaryDirectory()
        defer { TestServer.removeTree(directory) }
        try TestServer.writeCertificate(certificatePath: directory + "/a.pem", keyPath: directory + "/a.key")
        try TestServer.writeCertificate(certificatePath: directory + "/b.pem", keyPath: directory + "/b.key")
        #expect(throws: TLSError.self) {
            try TLSContext(certificateChainPath: directory + "/a.pem", privateKeyPath: directory + "/b.key")
        }
    }

    @Test func serveOptionsFollowFlagThenEnvironmentThenDefault() throws {
        let options = try CommandLineOptions(
            ["--port", "9443", "--http-port=8080", "--access-log", "off", "--dev"],
            valueOptions: ServerConfiguration.valueOptions, flagOptions: ServerConfiguration.flagOptions,
            environment: ["PORTAL_PORT": "1", "PORTAL_WORKERS": "3", "PORTAL_DATA_DIR": "/srv/portal"])
        let configuration = try ServerConfiguration(options)
        #expect(configuration.http.port == 9443)
        #expect(configuration.http.redirectPort == 8080)
        #expect(configuration.http.workers == 3)
        #expect(configuration.dataDirectory == "/srv/portal")
        #expect(configuration.accessLog == .off)
        #expect(configuration.development)
        #expect(configuration.http.bindAddress == "127.0.0.1")
        #expect(configuration.http.redirectPort != nil)
        let defaults = try ServerConfiguration(
            CommandLineOptions([], valueOptions: ServerConfiguration.valueOptions, flagOptions: [], environment: [:]))
        #expect(defaults.http.port == 8443 && defaults.http.redirectPort == nil && defaults.accessLog == .standardError)
        #expect(throws: UsageError.self) {
            try ServerConfiguration(
                CommandLineOptions(
                    ["--tls-cert", "x"], valueOptions: ServerConfiguration.valueOptions, flagOptions: [], environment: [:]))
        }
        #expect(throws: UsageError.self) {
            try ServerConfiguration(
                CommandLineOptions(
                    ["--bind", "localhost"], valueOptions: ServerConfiguration.valueOptions, flagOptions: [], environment: [:]))
        }
    }

    @Test func limitsAndTimeoutsAreConfigurable() throws {
        let options = try CommandLineOptions(
            ["--max-body", "2048", "--max-fields=50", "--idle-timeout", "5"],
            valueOptions: ServerConfiguration.valueOptions, flagOptions: ServerConfiguration.flagOptions,
            environment: ["PORTAL_MAX_HEAD": "16384", "PORTAL_HEAD_TIMEOUT": "3"])
        let configuration = try ServerConfiguration(options)
        #expect(configuration.http.limits.maxBody == 2048)
        #expect(configuration.http.limits.maxFieldCount == 50)
        #expect(configuration.http.limits.maxHead == 16384)
        #expect(configuration.http.limits.maxRequestLine == HTTPLimits().maxRequestLine)
        #expect(configuration.http.timeouts.idle == 5)
        #expect(configuration.http.timeouts.handshakeAndHead == 3)
        #expect(throws: UsageError.self) {
            try ServerConfiguration(
                CommandLineOptions(
                    ["--max-fields", "0"], valueOptions: ServerConfiguration.valueOptions, flagOptions: [], environment: [:]))
        }
    }
}
