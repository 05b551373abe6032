import PortalDomain
import Views

#if canImport(Glibc)
    import Glibc
#endif

/// `/owner/health`: the database, storage, TLS certificate, background jobs, HTTP traffic, the process and
/// recent system events, each a card that says plainly whether it is fine.
struct OwnerHealthPage: Sendable {
    /// What handlers use.
    let web: WebApplication

    /// Certificates expiring within this many days are flagged.
    static let certificateWarningDays = 30

    /// Registers `GET /owner/health`.
    func register(on routes: inout AppRouter) {
        let page = self
        routes.get("/owner/health") { request, context in try page.show(request, context) }
    }

    /// The page.
    func show(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let snapshot = try web.portal.health.snapshot(by: owner.actor)
        let info = web.server.info
        let content: TemplateDictionary = [
            "database": database(snapshot, owner: owner),
            "storage": storage(snapshot),
            "certificate": certificate(info.certificate, owner: owner),
            "jobs": .list(snapshot.jobs.map { job(status: $0, owner: owner) }),
            "hasJobs": .bool(!snapshot.jobs.isEmpty),
            "http": http(info.metrics),
            "process": process(info, owner: owner),
            "events": .list(
                snapshot.recentEvents.map { event in
                    [
                        "level": .string(event.level.rawValue), "source": .string(event.source),
                        "message": .string(event.message), "at": owner.time(event.createdAt),
                        "tenantHref": event.tenantID.map { .string("/owner/tenants/\($0)") } ?? .null,
                    ]
                }),
            "hasEvents": .bool(!snapshot.recentEvents.isEmpty),
        ]
        return web.pages.render(
            "owner/health", title: "System health", content: content, breadcrumbs: [Breadcrumb("System health")],
            request: request, context: context)
    }

    /// The database card.
    func database(_ snapshot: HealthSnapshot, owner: OwnerContext) -> TemplateValue {
        let check = snapshot.lastIntegrityCheck
        return [
            "ok": .bool(snapshot.databaseReachable),
            "error": snapshot.databaseError.map { .string($0) } ?? .null,
            "latency": .string(ProcessStats.latency(micros: snapshot.probeMicroseconds)),
            "size": .string(Formatting.bytes(snapshot.databaseBytes)), "wal": .string(Formatting.bytes(snapshot.walBytes)),
            "integrity": check.map { check in
                [
                    "ok": .bool(check.ok), "kind": .string(check.kind.rawValue), "result": .string(check.result),
                    "at": owner.time(check.checkedAt), "duration": .string("\(check.durationMilliseconds) ms"),
                ]
            } ?? .null,
            "audit": snapshot.lastAuditCheck.map { check in
                ["ok": .bool(check.ok), "result": .string(check.result), "at": owner.time(check.checkedAt)]
            } ?? .null,
            "migration": .string(snapshot.migrationLevel), "sqlite": .string(snapshot.sqliteVersion),
        ]
    }

    /// The storage card: free space of the data directory's file system.
    func storage(_ snapshot: HealthSnapshot) -> TemplateValue {
        guard let free = snapshot.freeBytes, let total = snapshot.totalBytes, total > 0 else { return ["unknown": true] }
        let used = total - free
        let bar = Charts.usageBar(label: "Disk used", used: used, limit: total, format: Formatting.bytes)
        let freePercent = Int(Double(free) / Double(total) * 100)
        return [
            "free": .string(Formatting.bytes(free)), "total": .string(Formatting.bytes(total)), "bar": bar,
            "freePercent": .int(freePercent), "low": .bool(freePercent < 10),
        ]
    }

    /// The TLS card.
    func certificate(_ certificate: TLSCertificateInfo?, owner: OwnerContext) -> TemplateValue {
        guard let certificate else { return ["unknown": true] }
        let daysLeft = (Int64(certificate.notAfterEpoch) - owner.now) / 86_400
        return [
            "subject": .string(certificate.subject), "issuer": .string(certificate.issuer),
            "expires": owner.time(Int64(certificate.notAfterEpoch)), "daysLeft": .string(Formatting.number(daysLeft)),
            "expired": .bool(daysLeft < 0), "warn": .bool(daysLeft < Int64(OwnerHealthPage.certificateWarningDays)),
            "selfSigned": .bool(certificate.subject == certificate.issuer),
            "fingerprint": .string(certificate.sha256Fingerprint),
        ]
    }

    /// One background job.
    func job(status: JobStatus, owner: OwnerContext) -> TemplateValue {
        [
            "name": .string(status.name), "interval": .string(ProcessStats.duration(status.intervalSeconds)),
            "lastRun": owner.time(status.lastStartedAt),
            "duration": status.lastDurationMilliseconds.map { .string("\($0) ms") } ?? .null,
            "result": status.lastResult.map { .string($0) } ?? .null, "failing": .bool(status.isFailing),
            "error": status.lastError.map { .string($0) } ?? .null, "errorAt": owner.time(status.lastErrorAt),
            "runs": .string(Formatting.number(status.runs)), "failures": .string(Formatting.number(status.failures)),
        ]
    }

    /// The HTTP card: totals since start and the 5- and 60-minute windows.
    func http(_ metrics: HTTPMetrics.Snapshot?) -> TemplateValue {
        guard let metrics else { return ["unknown": true] }
        func window(_ label: String, _ window: HTTPMetrics.Window) -> TemplateValue {
            [
                "label": .string(label), "requests": .string(Formatting.number(window.requests)),
                "errorRate": .string(Formatting.decimal(window.serverErrorRate * 100) + " %"),
                "p50": .string(ProcessStats.latency(micros: Int64(window.p50Micros))),
                "p95": .string(ProcessStats.latency(micros: Int64(window.p95Micros))),
                "warn": .bool(window.serverErrorRate >= 0.01),
            ]
        }
        return [
            "total": .string(Formatting.number(metrics.total)),
            "classes": .string(
                (1...5).map { "\($0)xx \(Formatting.number(metrics.byStatusClass[$0]))" }.joined(separator: " · ")),
            "forbidden": .string(Formatting.number(metrics.forbidden)),
            "windows": [window("Last 5 minutes", metrics.last5Minutes), window("Last 60 minutes", metrics.last60Minutes)],
        ]
    }

    /// The process card.
    func process(_ info: ServerStatus.Info, owner: OwnerContext) -> TemplateValue {
        let loops = OwnerHealthPage.loopScheduling(requested: web.configuration.http.eventLoopSlice, results: info.loopSlices)
        return [
            "uptime": .string(ProcessStats.duration(owner.now - web.server.startedAt)),
            "started": owner.time(web.server.startedAt),
            "rss": ProcessStats.residentBytes().map { .string(Formatting.bytes($0)) } ?? "unknown",
            "connections": info.metrics.map { .string(Formatting.number($0.openConnections)) } ?? "unknown",
            "version": .string(PortalVersion.current),
            "workers": .string(Formatting.number(web.configuration.http.workers)),
            "loops": .string(loops.text), "loopsWarn": .bool(loops.warn),
        ]
    }

    /// The event loops and what the kernel made of their scheduler-slice request (`serve --loop-slice-us`), in
    /// words; `warn` when the kernel refused it.
    static func loopScheduling(requested: UInt64?, results: [ThreadScheduling.SliceResult?]) -> (text: String, warn: Bool) {
        guard !results.isEmpty else { return ("unknown (the server has not started)", false) }
        let loops = results.count == 1 ? "1 event loop" : "\(results.count) event loops"
        guard let requested else { return ("\(loops) on the kernel's default scheduler slice (--loop-slice-us 0)", false) }
        let asked = "\(requested / 1_000) µs"
        func outcome(_ result: ThreadScheduling.SliceResult?) -> (text: String, warn: Bool) {
            switch result {
            case .applied(let nanoseconds): return ("a \(nanoseconds / 1_000) µs scheduler slice", false)
            case .unsupported:
                return ("the default scheduler slice: this kernel has no per-thread slices (Linux 6.12 and later have)", false)
            case .realTime: return ("a real-time scheduling policy, left as it is", false)
            case .failed(let code):
                let reason = "\(String(cString: strerror(code))), errno \(code)"
                return ("the default scheduler slice: the kernel refused \(asked) (\(reason))", true)
            case nil: return ("starting", false)
            }
        }
        let outcomes = results.map(outcome)
        let warn = outcomes.contains { $0.warn }
        if Set(outcomes.map(\.text)).count == 1 {
            return ("\(loops), \(results.count == 1 ? "with" : "each with") \(outcomes[0].text)", warn)
        }
        let each = outcomes.enumerated().map { "loop \($0.offset + 1): \($0.element.text)" }
        return ("\(loops); " + each.joined(separator: "; "), warn)
    }
}
