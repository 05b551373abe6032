import PortalDomain
import Synchronization
import Views

/// What every page handler needs: the domain, the page renderer and the running server's status.
///
/// Built once at start-up; handlers are methods of small structs holding it.
struct WebApplication: Sendable {
    /// The domain facade.
    let portal: Portal
    /// Renders pages inside the layout.
    let pages: PageRenderer
    /// Renders the 4xx/5xx pages and maps domain errors to them.
    let errors: ErrorPages
    /// The running server (filled in once it has started): certificate, metrics, connections.
    let server: ServerStatus
    /// The configuration `serve` started with.
    let configuration: ServerConfiguration
}

/// The running server as pages see it, set once the server has started (the router is built before).
final class ServerStatus: Sendable {
    /// What the health page shows about the process.
    struct Info: Sendable {
        /// The certificate in use.
        let certificate: TLSCertificateInfo?
        /// HTTP counters and latency windows.
        let metrics: HTTPMetrics.Snapshot?
        /// What the kernel made of each event loop's scheduler-slice request (nil: not asked, or the loop's
        /// thread has not started); empty before the server runs.
        let loopSlices: [ThreadScheduling.SliceResult?]
    }

    private let server = Mutex<HTTPServer?>(nil)
    /// When the process started (UTC Unix seconds).
    let startedAt: Int64

    /// A status for a process started at `startedAt`.
    init(startedAt: Int64) { self.startedAt = startedAt }

    /// Records the running server.
    func attach(_ server: HTTPServer) { self.server.withLock { $0 = server } }

    /// The certificate and metrics now (nil parts before the server runs, e.g. in tests).
    var info: Info {
        let server = self.server.withLock { $0 }
        return Info(
            certificate: server?.certificate, metrics: server?.metrics.snapshot(),
            loopSlices: server?.eventLoops.map { loop in loop.threadInfo.withLock { $0?.slice } } ?? [])
    }
}
