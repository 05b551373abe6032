import Dispatch
import Synchronization

/// Caps concurrent password hashing: at most `concurrency` derivations run at once and at most
/// `queue` more wait (each for at most `maxWait` seconds); anything beyond is refused at once. So a
/// flood of sign-ins can never tie up every worker thread in scrypt, and it costs a refusal, not a
/// hash.
final class KDFGate: Sendable {
    private let slots: DispatchSemaphore
    private let admitted = Atomic<Int>(0)
    private let limit: Int
    private let maxWait: Double

    /// A gate for `concurrency` running and `queue` waiting derivations.
    init(concurrency: Int, queue: Int, maxWait: Double) {
        precondition(concurrency >= 1 && queue >= 0 && maxWait >= 0, "bad KDF gate limits")
        slots = DispatchSemaphore(value: concurrency)
        limit = concurrency + queue
        self.maxWait = maxWait
    }

    /// Runs `body` in a slot; nil (without running it) when the gate is full or no slot frees up in time.
    func run<T>(_ body: () throws -> T) rethrows -> T? {
        let inside = admitted.add(1, ordering: .acquiringAndReleasing).newValue
        defer { admitted.subtract(1, ordering: .acquiringAndReleasing) }
        guard inside <= limit, slots.wait(timeout: .now() + maxWait) == .success else { return nil }
        defer { slots.signal() }
        return try body()
    }

    /// Derivations running or waiting right now.
    var inUse: Int { admitted.load(ordering: .relaxed) }
}
