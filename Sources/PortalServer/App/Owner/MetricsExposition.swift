import PortalDomain

/// What `/metrics` exposes: HTTP counters by status class and route, 403s, open connections, latency
/// quantiles over 5 and 60 minutes, background jobs, database and storage sizes, tenants by status, the
/// process and the certificate's expiry.
struct MetricsExposition {
    /// The domain and the running server.
    let web: WebApplication

    /// The exposition text, read as `actor` (owner staff, or the system for token scrapes).
    func render(actor: ActingUser) throws -> String {
        var out = PrometheusText()
        out.family("portal_build_info", "gauge", "The running version (always 1).")
        out.sample("portal_build_info", [("version", PortalVersion.current)], Int64(1))
        let info = web.server.info
        if let http = info.metrics { MetricsExposition.http(http, into: &out) }
        let snapshot = try web.portal.health.snapshot(by: actor)
        MetricsExposition.storage(snapshot, into: &out)
        MetricsExposition.jobs(snapshot.jobs, into: &out)
        out.family("portal_tenants", "gauge", "Tenants by status.")
        let counts = try web.portal.tenants.statusCounts(by: actor)
        for status in TenantStatus.allCases {
            out.sample("portal_tenants", [("status", status.rawValue)], Int64(counts[status] ?? 0))
        }
        out.family("portal_process_uptime_seconds", "gauge", "Seconds since the server started.")
        out.sample("portal_process_uptime_seconds", [], web.portal.clock.seconds - web.server.startedAt)
        if let rss = ProcessStats.residentBytes() {
            out.family("portal_process_resident_memory_bytes", "gauge", "Resident set size of the process.")
            out.sample("portal_process_resident_memory_bytes", [], rss)
        }
        if let certificate = info.certificate {
            out.family("portal_tls_certificate_expiry_timestamp_seconds", "gauge", "When the served certificate expires.")
            out.sample("portal_tls_certificate_expiry_timestamp_seconds", [], Int64(certificate.notAfterEpoch))
        }
        return out.text
    }

    /// HTTP counters and windows.
    static func http(_ http: HTTPMetrics.Snapshot, into out: inout PrometheusText) {
        out.family("portal_http_requests_total", "counter", "HTTP responses since start by status class.")
        for index in 1...5 {
            out.sample("portal_http_requests_total", [("class", "\(index)xx")], Int64(http.byStatusClass[index]))
        }
        out.family("portal_http_route_requests_total", "counter", "HTTP responses since start by route pattern.")
        for (route, count) in http.byRoute.sorted(by: { $0.key < $1.key }) {
            out.sample("portal_http_route_requests_total", [("route", route)], Int64(count))
        }
        out.family("portal_http_forbidden_total", "counter", "403 responses since start.")
        out.sample("portal_http_forbidden_total", [], Int64(http.forbidden))
        out.family("portal_http_open_connections", "gauge", "Connections open now.")
        out.sample("portal_http_open_connections", [], Int64(http.openConnections))
        let windows = [("5m", http.last5Minutes), ("60m", http.last60Minutes)]
        out.family("portal_http_request_duration_seconds", "gauge", "Latency quantiles over a sliding window.")
        for (name, window) in windows {
            out.sample(
                "portal_http_request_duration_seconds", [("window", name), ("quantile", "0.5")], Double(window.p50Micros) / 1e6)
            out.sample(
                "portal_http_request_duration_seconds", [("window", name), ("quantile", "0.95")], Double(window.p95Micros) / 1e6)
        }
        out.family("portal_http_window_requests", "gauge", "Requests answered in a sliding window.")
        for (name, window) in windows { out.sample("portal_http_window_requests", [("window", name)], Int64(window.requests)) }
        out.family("portal_http_window_server_error_ratio", "gauge", "Share of 5xx responses in a sliding window.")
        for (name, window) in windows {
            out.sample("portal_http_window_server_error_ratio", [("window", name)], window.serverErrorRate)
        }
    }

    /// Database and storage figures.
    static func storage(_ snapshot: HealthSnapshot, into out: inout PrometheusText) {
        out.family("portal_db_up", "gauge", "1 when the database probe query succeeds.")
        out.sample("portal_db_up", [], Int64(snapshot.databaseReachable ? 1 : 0))
        out.family("portal_db_probe_seconds", "gauge", "Latency of the database probe query.")
        out.sample("portal_db_probe_seconds", [], Double(snapshot.probeMicroseconds) / 1e6)
        out.family("portal_db_size_bytes", "gauge", "Size of the database files.")
        out.sample("portal_db_size_bytes", [("file", "database")], snapshot.databaseBytes)
        out.sample("portal_db_size_bytes", [("file", "wal")], snapshot.walBytes)
        if let free = snapshot.freeBytes, let total = snapshot.totalBytes {
            out.family("portal_storage_free_bytes", "gauge", "Free bytes in the data directory's file system.")
            out.sample("portal_storage_free_bytes", [], free)
            out.family("portal_storage_total_bytes", "gauge", "Size of the data directory's file system.")
            out.sample("portal_storage_total_bytes", [], total)
        }
    }

    /// Background job counters.
    static func jobs(_ jobs: [JobStatus], into out: inout PrometheusText) {
        out.family("portal_job_runs_total", "counter", "Runs of each background job.")
        for job in jobs { out.sample("portal_job_runs_total", [("job", job.name)], Int64(job.runs)) }
        out.family("portal_job_failures_total", "counter", "Failed runs of each background job.")
        for job in jobs { out.sample("portal_job_failures_total", [("job", job.name)], Int64(job.failures)) }
        out.family("portal_job_failing", "gauge", "1 when the job's latest run failed.")
        for job in jobs { out.sample("portal_job_failing", [("job", job.name)], Int64(job.isFailing ? 1 : 0)) }
        out.family("portal_job_last_success_timestamp_seconds", "gauge", "When each job last succeeded.")
        for job in jobs {
            if let at = job.lastSuccessAt { out.sample("portal_job_last_success_timestamp_seconds", [("job", job.name)], at) }
        }
    }
}
