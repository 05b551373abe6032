#if canImport(Glibc)
    import Glibc
#endif

extension HTTPServer {
    /// Everything the server needs to listen and serve; defaults are the issue's.
    struct Configuration: Sendable {
        /// Timeouts, in seconds.
        struct Timeouts: Sendable, Hashable {
            /// From accept until the first request head is complete, and for each later head once it starts.
            var handshakeAndHead: Double = 10
            /// Longest wait for the next byte of a body.
            var bodyProgress: Double = 10
            /// Longest idle time between keep-alive requests.
            var idle: Double = 30
            /// Longest wait for the client to accept more response bytes.
            var writeProgress: Double = 30
            /// How long a closing connection is drained before it is dropped (lingering close).
            var linger: Double = 2

            /// The defaults.
            init() {}
        }

        /// Address to bind (IPv4 or IPv6 literal).
        var bindAddress = "127.0.0.1"
        /// HTTPS port (0 picks a free one).
        var port = 8443
        /// PEM certificate chain path.
        var certificateChainPath: String
        /// PEM private key path.
        var privateKeyPath: String
        /// Optional plain-HTTP port that only redirects to HTTPS (nil: off).
        var redirectPort: Int?
        /// Host used in redirects when the request's Host is not usable (nil: answer 400 instead).
        var publicHost: String?
        /// HTTPS port advertised in redirects (defaults to `port`; set when behind a port mapping).
        var publicPort: Int?
        /// Event-loop threads (default: core count).
        var eventLoops = HTTPServer.Configuration.coreCount
        /// Worker threads for `.worker` routes.
        var workers = max(4, HTTPServer.Configuration.coreCount * 2)
        /// Jobs that may wait for a worker before new ones get 503.
        var workerQueue = 512
        /// Parser limits.
        var limits = HTTPLimits()
        /// Timeouts.
        var timeouts = Timeouts()
        /// Longest time in-flight requests get to finish at shutdown, in seconds.
        var shutdownGrace: Double = 10
        /// Most unsent bytes a streamed body may have queued before its producer blocks.
        var streamBufferBound = 256 * 1024
        /// Scheduler slice the event-loop threads ask for, in nanoseconds (nil: the kernel's default). See
        /// `ThreadScheduling`: a loop that gets the CPU sooner after a wake-up answers its connections sooner.
        var eventLoopSlice: UInt64? = 100_000

        /// A configuration serving the given certificate.
        init(certificateChainPath: String, privateKeyPath: String) {
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
        }

        /// Online processors.
        static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
    }
}
