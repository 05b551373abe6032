import Foundation
import Synchronization

/// Where the domain reads the time: the system clock in production, a manual clock in tests.
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Date
}

extension WallClock {
    /// The current time as UTC Unix seconds (the storage convention).
    public var seconds: Int64 { Int64(now().timeIntervalSince1970.rounded(.down)) }
}

/// The system's real-time clock.
public struct SystemClock: WallClock {
    /// The system clock.
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still until told to move: tests freeze and advance time with it.
public final class ManualClock: WallClock {
    private let current: Mutex<Date>

    /// A clock stopped at `date`.
    public init(_ date: Date) { current = Mutex(date) }

    /// A clock stopped at Unix second `seconds`.
    public convenience init(seconds: Int64) { self.init(Date(timeIntervalSince1970: TimeInterval(seconds))) }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `interval` seconds.
    public func advance(by interval: TimeInterval) { current.withLock { $0 += interval } }

    /// Sets the clock.
    public func set(_ date: Date) { current.withLock { $0 = date } }
}
