import PortalDomain

#if canImport(Glibc)
    import Glibc
#endif

/// `portal serve`: the HTTPS server.
enum ServeCommand: PortalCommand {
    static let name = "serve"
    static let summary = "serve the portal over HTTPS"
    static let help = """
        usage: portal serve [options]

        Serves the portal over HTTPS until SIGTERM or SIGINT (graceful: in-flight requests finish within
        --shutdown-grace). SIGHUP reloads the certificate and key for new connections. Holds the data
        directory's lock while it runs (a second server, or `restore`, on the same directory is refused),
        applies pending migrations and runs the background jobs.

        options (flag, environment variable, default):
          --data-dir DIR         PORTAL_DATA_DIR        ./data
          --bind ADDRESS         PORTAL_BIND            127.0.0.1
          --port N               PORTAL_PORT            8443
          --tls-cert PATH        PORTAL_TLS_CERT        self-signed pair under <data-dir>/tls/ (made on first run)
          --tls-key PATH         PORTAL_TLS_KEY         (with --tls-cert)
          --workers N            PORTAL_WORKERS         2 x cores, at least 4 (threads for page handlers)
          --event-loops N        PORTAL_EVENT_LOOPS     cores
          --worker-queue N       PORTAL_WORKER_QUEUE    512 (requests waiting for a worker before 503)
          --loop-slice-us N      PORTAL_LOOP_SLICE_US   100 (scheduler slice the event loops ask for, Linux 6.12+;
                                                        shorter runs them sooner after a wake-up; 0: kernel default)
          --http-port N          PORTAL_HTTP_PORT       off (plain HTTP listener answering only 308 to HTTPS)
          --public-host HOST     PORTAL_PUBLIC_HOST     none (host for redirects when Host is unusable)
          --public-dir DIR       PORTAL_PUBLIC_DIR      ./Public (served under /static/)
          --templates-dir DIR    PORTAL_TEMPLATES_DIR   ./Templates (all compiled at start-up; a broken one stops it)
          --access-log PATH|-|off PORTAL_ACCESS_LOG     - (standard error)
          --shutdown-grace SECS  PORTAL_SHUTDOWN_GRACE  10
          --head-timeout SECS    PORTAL_HEAD_TIMEOUT    10 (TLS handshake + request head)
          --body-timeout SECS    PORTAL_BODY_TIMEOUT    10 (longest wait for the next body byte)
          --idle-timeout SECS    PORTAL_IDLE_TIMEOUT    30 (keep-alive idle)
          --max-request-line N   PORTAL_MAX_REQUEST_LINE 8192 bytes (longer: 414)
          --max-field-line N     PORTAL_MAX_FIELD_LINE  8192 bytes (longer: 431)
          --max-head N           PORTAL_MAX_HEAD        32768 bytes (larger: 431)
          --max-fields N         PORTAL_MAX_FIELDS      100 header fields (more: 431)
          --max-body N           PORTAL_MAX_BODY        1048576 bytes, unless a route sets its own (larger: 413)
          --metrics-token TOKEN  PORTAL_METRICS_TOKEN   none (/metrics for owner staff only; with a token also for
                                                        `Authorization: Bearer TOKEN`, at least 16 characters)
          --bench-fixtures DIR   PORTAL_BENCH_FIXTURES  off (mount /plain and DIR/public/static for ../shared/bench)
          --dev                  PORTAL_DEV             off (pick up changed templates and static files)
          --impersonation on|off PORTAL_IMPERSONATION   on (off refuses new impersonations and ends running ones)
          --impersonation-minutes N PORTAL_IMPERSONATION_MINUTES 15 (default length; 60 at most)
          --support-contact TEXT PORTAL_SUPPORT_CONTACT the platform's support team (shown to suspended studios)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(
            arguments, valueOptions: ServerConfiguration.valueOptions, flagOptions: ServerConfiguration.flagOptions)
        guard options.positionals.isEmpty else { throw UsageError(description: "unexpected argument \(options.positionals[0])") }
        var configuration = try ServerConfiguration(options)

        // Signals are taken synchronously by this thread (sigwait); block them before any other thread starts
        // so every thread inherits the mask and no handler ever runs asynchronously.
        let signals = SignalWaiter(signals: [SIGTERM, SIGINT, SIGHUP])

        // The data directory is this process's for its lifetime: a second server or a restore is refused.
        let dataDirectory = DataDirectory(path: configuration.dataDirectory)
        try dataDirectory.create()
        let lock = try DataDirectoryLock.acquire(dataDirectory)
        defer { withExtendedLifetime(lock) {} }

        let certificate = try CertificateBootstrap.prepare(configuration)
        if certificate.generated {
            printError("generated a self-signed certificate: \(certificate.certificatePath)")
        }
        printError(
            "certificate SHA-256 fingerprint: \(certificate.info.sha256Fingerprint) (expires \(certificate.info.notAfter))")
        configuration.http.certificateChainPath = certificate.certificatePath
        configuration.http.privateKeyPath = certificate.privateKeyPath

        let accessLog: BufferedLogger?
        switch configuration.accessLog {
        case .off: accessLog = nil
        case .standardError: accessLog = BufferedLogger(fd: STDERR_FILENO)
        case .file(let path): accessLog = try BufferedLogger(path: path)
        }
        let portal = try Portal.open(dataDirectory: dataDirectory)
        let status = ServerStatus(startedAt: portal.clock.seconds)
        let application = try PortalApplication.make(configuration, portal: portal, accessLog: accessLog, status: status)
        let server = try HTTPServer(configuration: configuration.http, responder: application.responder, accessLog: accessLog)
        try server.start()
        status.attach(server)
        portal.jobs.start()
        printError("serving https://\(configuration.http.bindAddress):\(server.port)/")
        if let redirect = server.redirectPort {
            printError("redirecting http://\(configuration.http.bindAddress):\(redirect)/ to HTTPS")
        }

        while true {
            let signal = signals.wait()
            if signal == SIGHUP {
                do {
                    try server.reloadCertificates()
                    printError("reloaded certificate: \(server.certificate.sha256Fingerprint)")
                } catch {
                    printError("certificate reload failed, keeping the current one: \(error)")
                }
                continue
            }
            printError("shutting down (signal \(signal))")
            server.shutdown()
            break
        }
        server.waitUntilStopped()
        portal.jobs.stop()
        accessLog?.close()
        return 0
    }
}
