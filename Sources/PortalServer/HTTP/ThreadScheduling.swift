internal import COpenSSL  // for portal_request_thread_slice, see shim.h

/// The scheduler time slice of the calling thread. The only file that calls `sched_setattr`.
///
/// Event loops do short bursts of work per wake-up and every connection on a loop waits while it is not
/// running, so they ask for a short slice: under EEVDF (Linux 6.12+) a thread with a shorter slice gets an
/// earlier deadline and runs sooner after it wakes, while its share of the CPU stays what its weight gives it.
enum ThreadScheduling {
    /// What the kernel made of a request.
    enum SliceResult: Sendable, Equatable {
        /// The thread now runs in slices of this many nanoseconds (the kernel clamps to 0.1–100 ms).
        case applied(nanoseconds: UInt64)
        /// This kernel has no per-thread slices (before 6.12): nothing changed.
        case unsupported
        /// The thread has a real-time policy, which is left alone.
        case realTime
        /// The kernel refused (`errno`), e.g. a seccomp filter without `sched_setattr`.
        case failed(errno: Int32)
    }

    /// The kernel's bounds for a requested slice, in nanoseconds.
    static let sliceRange: ClosedRange<UInt64> = 100_000...100_000_000

    /// The calling thread's kernel id (as in `/proc/self/task/ID`).
    static var currentThreadID: Int32 { portal_gettid() }

    /// Requests slices of `nanoseconds` for the calling thread, keeping its policy and nice value.
    static func requestSlice(nanoseconds: UInt64) -> SliceResult {
        let reported = portal_request_thread_slice(nanoseconds)
        switch reported {
        case 0: return .unsupported
        case Int64.min: return .realTime
        case ..<0: return .failed(errno: Int32(truncatingIfNeeded: -reported))
        default: return .applied(nanoseconds: UInt64(reported))
        }
    }
}
