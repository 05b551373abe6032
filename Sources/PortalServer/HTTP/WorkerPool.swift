/// A fixed set of threads running blocking handler jobs from a bounded queue.
///
/// `submit` never blocks: when the queue is full it returns false and the server answers 503 with
/// `Retry-After`, so overload is visible instead of piling up unbounded work.
final class WorkerPool: @unchecked Sendable {
    /// A unit of work.
    typealias Job = @Sendable () -> Void

    private let lock = ConditionLock()
    // Guarded by `lock`: a ring buffer of jobs.
    private var ring: [Job?]
    private var head = 0
    private var count = 0
    private var stopping = false
    private var running = 0
    /// The number of threads.
    let threadCount: Int
    /// The most jobs that may wait.
    let queueCapacity: Int

    /// Starts `threads` workers with room for `queueCapacity` waiting jobs.
    init(threads: Int, queueCapacity: Int) {
        precondition(threads > 0 && queueCapacity > 0, "worker pool needs threads and queue room")
        threadCount = threads
        self.queueCapacity = queueCapacity
        ring = Array(repeating: nil, count: queueCapacity)
        for _ in 0..<threads {
            lock.withLock { running += 1 }
            PosixThread.spawn(stackSize: 1024 * 1024) { [self] in work() }
        }
    }

    /// Queues `job`; false when the queue is full or the pool is stopping.
    func submit(_ job: @escaping Job) -> Bool {
        let accepted = lock.withLock { () -> Bool in
            guard !stopping, count < queueCapacity else { return false }
            ring[(head + count) % queueCapacity] = job
            count += 1
            return true
        }
        if accepted { lock.signal() }
        return accepted
    }

    /// Jobs waiting (not running).
    var queuedCount: Int { lock.withLock { count } }

    /// Lets queued jobs finish, then stops the threads; returns when they have exited or `timeoutNanos` passed.
    func shutdown(timeoutNanos: UInt64) {
        let deadline = Clock.monotonicNanos() &+ timeoutNanos
        lock.withLock {
            stopping = true
            lock.broadcast()
            while running > 0 {
                let now = Clock.monotonicNanos()
                if now >= deadline { break }
                lock.wait(nanos: min(deadline - now, 50_000_000))
            }
        }
    }

    private func work() {
        while true {
            let job: Job? = lock.withLock {
                while count == 0 && !stopping { lock.wait() }
                guard count > 0 else {
                    running -= 1
                    lock.broadcast()
                    return nil
                }
                let job = ring[head]
                ring[head] = nil
                head = (head + 1) % queueCapacity
                count -= 1
                return job
            }
            guard let job else { return }
            job()
        }
    }
}
