/// An intrusive FIFO of connections that share one timeout duration. Since every entry's deadline is
/// "now + the same duration" when appended, the list stays sorted by deadline: touching a connection
/// is O(1) (unlink, append) and expiring is popping from the head. One list per timeout kind per loop.
struct DeadlineList {
    private(set) var head: HTTPConnection?
    private var tail: HTTPConnection?
    /// The timeout in nanoseconds.
    let duration: UInt64

    /// A list for `duration` nanoseconds.
    init(duration: UInt64) { self.duration = duration }

    /// Appends `connection` with deadline `now + duration` (it must not be in any list).
    mutating func append(_ connection: HTTPConnection, now: UInt64) {
        connection.deadline = now &+ duration
        connection.timerPrevious = tail
        connection.timerNext = nil
        if let tail { tail.timerNext = connection } else { head = connection }
        tail = connection
    }

    /// Removes `connection` from this list.
    mutating func remove(_ connection: HTTPConnection) {
        let previous = connection.timerPrevious
        let next = connection.timerNext
        if let previous { previous.timerNext = next } else { head = next }
        if let next { next.timerPrevious = previous } else { tail = previous }
        connection.timerPrevious = nil
        connection.timerNext = nil
    }

    /// Removes and returns the first connection whose deadline is at or before `now`.
    mutating func popExpired(now: UInt64) -> HTTPConnection? {
        guard let first = head, first.deadline <= now else { return nil }
        remove(first)
        return first
    }
}
