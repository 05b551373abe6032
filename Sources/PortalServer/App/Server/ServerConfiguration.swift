/// Where the access log goes.
enum AccessLogDestination: Sendable, Hashable {
    /// Standard error (the default).
    case standardError
    /// Appended to a file.
    case file(String)
    /// Not written.
    case off
}

/// Everything `portal serve` is configured with: flags, then `PORTAL_*` variables, then these defaults.
struct ServerConfiguration: Sendable {
    /// Data directory (database, generated certificate under `tls/`). Default `./data`.
    var dataDirectory = "./data"
    /// Folder served under `/static/`. Default `./Public`.
    var publicDirectory = "./Public"
    /// Folder of the page templates, all compiled at start-up. Default `./Templates`.
    var templatesDirectory = "./Templates"
    /// Development mode: changed templates and static files are picked up on the next request.
    var development = false
    /// `shared/bench` folder: mounts `/plain` and serves its `public/static` instead of `publicDirectory`.
    var benchFixtures: String?
    /// Access log destination.
    var accessLog = AccessLogDestination.standardError
    /// Configured certificate chain and key (nil: a self-signed pair under the data dir).
    var certificatePath: String?
    /// Configured private key (with `certificatePath`).
    var privateKeyPath: String?
    /// Bearer token that lets a scraper read `/metrics` without a session (nil: owner staff sessions only).
    var metricsToken: String?
    /// The HTTP server's own settings (certificate paths are filled in at start-up).
    var http = HTTPServer.Configuration(certificateChainPath: "", privateKeyPath: "")
    /// Whether support staff may impersonate tenant users; off ends every running impersonation at start-up.
    var impersonationEnabled = true
    /// How long an impersonation lasts unless the agent asks for less (1–60 minutes).
    var impersonationMinutes = 15
    /// Who a suspended or blocked studio should contact (shown on its workspace); nil: the platform's support team.
    var supportContact: String?

    /// The defaults.
    init() {}

    /// Reads the configuration from parsed options.
    init(_ options: CommandLineOptions) throws(UsageError) {
        dataDirectory = options.string("data-dir", env: "PORTAL_DATA_DIR") ?? dataDirectory
        publicDirectory = options.string("public-dir", env: "PORTAL_PUBLIC_DIR") ?? publicDirectory
        templatesDirectory = options.string("templates-dir", env: "PORTAL_TEMPLATES_DIR") ?? templatesDirectory
        development = options.flag("dev", env: "PORTAL_DEV")
        benchFixtures = options.string("bench-fixtures", env: "PORTAL_BENCH_FIXTURES")
        certificatePath = options.string("tls-cert", env: "PORTAL_TLS_CERT")
        privateKeyPath = options.string("tls-key", env: "PORTAL_TLS_KEY")
        guard (certificatePath == nil) == (privateKeyPath == nil) else {
            throw UsageError(description: "--tls-cert and --tls-key go together")
        }
        metricsToken = options.string("metrics-token", env: "PORTAL_METRICS_TOKEN")
        if let token = metricsToken, token.count < 16 || token.contains(where: { $0 == " " || !$0.isASCII }) {
            throw UsageError(description: "--metrics-token must be at least 16 ASCII characters without spaces")
        }
        switch options.string("access-log", env: "PORTAL_ACCESS_LOG") ?? "-" {
        case "-", "stderr": accessLog = .standardError
        case "off", "none": accessLog = .off
        case let path: accessLog = .file(path)
        }
        http.bindAddress = options.string("bind", env: "PORTAL_BIND") ?? http.bindAddress
        guard http.bindAddress.contains(":") || http.bindAddress.split(separator: ".").count == 4 else {
            throw UsageError(description: "--bind must be an IPv4 or IPv6 address, got '\(http.bindAddress)'")
        }
        http.port = try options.int("port", env: "PORTAL_PORT", default: http.port, range: 0...65535)
        if options.string("http-port", env: "PORTAL_HTTP_PORT") != nil {
            http.redirectPort = try options.int("http-port", env: "PORTAL_HTTP_PORT", default: 0, range: 0...65535)
        }
        http.publicHost = options.string("public-host", env: "PORTAL_PUBLIC_HOST")
        http.workers = try options.int("workers", env: "PORTAL_WORKERS", default: http.workers, range: 1...1024)
        http.eventLoops = try options.int("event-loops", env: "PORTAL_EVENT_LOOPS", default: http.eventLoops, range: 1...256)
        let slice = try options.int(
            "loop-slice-us", env: "PORTAL_LOOP_SLICE_US", default: Int((http.eventLoopSlice ?? 0) / 1000), range: 0...100_000)
        guard slice == 0 || slice >= 100 else {
            throw UsageError(description: "--loop-slice-us must be 0 (the kernel's default) or 100 to 100000, got \(slice)")
        }
        http.eventLoopSlice = slice == 0 ? nil : UInt64(slice) * 1000
        http.workerQueue = try options.int(
            "worker-queue", env: "PORTAL_WORKER_QUEUE", default: http.workerQueue, range: 1...1_000_000)
        switch options.string("impersonation", env: "PORTAL_IMPERSONATION")?.lowercased() ?? "on" {
        case "on", "1", "true", "yes": impersonationEnabled = true
        case "off", "0", "false", "no": impersonationEnabled = false
        case let other: throw UsageError(description: "--impersonation must be on or off, got '\(other)'")
        }
        impersonationMinutes = try options.int(
            "impersonation-minutes", env: "PORTAL_IMPERSONATION_MINUTES", default: impersonationMinutes, range: 1...60)
        supportContact = options.string("support-contact", env: "PORTAL_SUPPORT_CONTACT")
        try readLimits(options)
        http.shutdownGrace = Double(
            try options.int("shutdown-grace", env: "PORTAL_SHUTDOWN_GRACE", default: Int(http.shutdownGrace), range: 0...3600))
    }

    /// The option names `serve` accepts.
    static let valueOptions: Set<String> = [
        "data-dir", "public-dir", "templates-dir", "bench-fixtures", "tls-cert", "tls-key", "access-log", "bind", "port",
        "http-port", "public-host", "workers", "event-loops", "loop-slice-us", "worker-queue", "shutdown-grace",
        "max-request-line", "max-field-line", "max-head", "max-fields", "max-body", "head-timeout", "body-timeout",
        "idle-timeout", "metrics-token", "impersonation", "impersonation-minutes", "support-contact",
    ]
    /// The flags `serve` accepts.
    static let flagOptions: Set<String> = ["dev"]
}

extension ServerConfiguration {
    /// The parser limits and timeouts: every limit is configurable (issue 2), the defaults are the issue's.
    fileprivate mutating func readLimits(_ options: CommandLineOptions) throws(UsageError) {
        var limits = http.limits
        limits.maxRequestLine = try options.int(
            "max-request-line", env: "PORTAL_MAX_REQUEST_LINE", default: limits.maxRequestLine, range: 256...1 << 20)
        limits.maxFieldLine = try options.int(
            "max-field-line", env: "PORTAL_MAX_FIELD_LINE", default: limits.maxFieldLine, range: 256...1 << 20)
        limits.maxHead = try options.int("max-head", env: "PORTAL_MAX_HEAD", default: limits.maxHead, range: 1024...1 << 22)
        limits.maxFieldCount = try options.int(
            "max-fields", env: "PORTAL_MAX_FIELDS", default: limits.maxFieldCount, range: 8...10_000)
        limits.maxBody = try options.int("max-body", env: "PORTAL_MAX_BODY", default: limits.maxBody, range: 0...1 << 30)
        http.limits = limits
        var timeouts = http.timeouts
        timeouts.handshakeAndHead = Double(
            try options.int("head-timeout", env: "PORTAL_HEAD_TIMEOUT", default: Int(timeouts.handshakeAndHead), range: 1...600))
        timeouts.bodyProgress = Double(
            try options.int("body-timeout", env: "PORTAL_BODY_TIMEOUT", default: Int(timeouts.bodyProgress), range: 1...600))
        timeouts.idle = Double(
            try options.int("idle-timeout", env: "PORTAL_IDLE_TIMEOUT", default: Int(timeouts.idle), range: 1...3600))
        http.timeouts = timeouts
    }
}
