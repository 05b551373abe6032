#if canImport(Glibc)
    import Glibc
#endif

/// Blocks a set of signals for the whole process and hands them out synchronously with `sigwait`, so no
/// work ever happens in an asynchronous signal handler.
struct SignalWaiter {
    private var set = sigset_t()

    /// Blocks `signals` in the calling thread (and so in every thread it starts afterwards).
    init(signals: [Int32]) {
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        // Writes to a peer that went away must fail with EPIPE, not kill the process.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Waits for one of the signals and returns it.
    func wait() -> Int32 {
        var copy = set
        var received: Int32 = 0
        while sigwait(&copy, &received) != 0 {}
        return received
    }
}
