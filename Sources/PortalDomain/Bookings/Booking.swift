/// A training session's state.
public enum BookingStatus: String, Sendable, CaseIterable, SQLBindable {
    /// Booked, upcoming.
    case scheduled
    /// Took place.
    case completed
    /// Called off: does not count against the plan or in metrics.
    case cancelled
    /// The client did not come (still counts: the slot was used).
    case noShow = "no_show"
}

/// A training session (booking) of a client with a coach.
public struct Booking: Sendable, Equatable {
    /// Id.
    public let id: Int64
    /// The tenant.
    public let tenantID: Int64
    /// The client.
    public let clientID: Int64
    /// The client's name.
    public let clientName: String
    /// The coach.
    public let coachID: Int64
    /// The coach's name.
    public let coachName: String
    /// Start (UTC seconds).
    public let startsAt: Int64
    /// Length in minutes.
    public let durationMinutes: Int
    /// State.
    public let status: BookingStatus
    /// When it was booked.
    public let createdAt: Int64

    /// End (UTC seconds).
    public var endsAt: Int64 { startsAt + Int64(durationMinutes) * 60 }
}

/// What a booking is made from.
public struct BookingDraft: Sendable, Equatable {
    /// The client (active, same tenant).
    public var clientID: Int64
    /// The coach (active, same tenant, free at that time).
    public var coachID: Int64
    /// Start (UTC seconds, not in the past).
    public var startsAt: Int64
    /// Length in minutes (5…480).
    public var durationMinutes: Int

    /// A draft; sessions last an hour unless told otherwise.
    public init(clientID: Int64, coachID: Int64, startsAt: Int64, durationMinutes: Int = 60) {
        self.clientID = clientID
        self.coachID = coachID
        self.startsAt = startsAt
        self.durationMinutes = durationMinutes
    }
}

/// One week of a tenant's sessions, Monday first, in the tenant's time zone.
public struct BookingWeek: Sendable, Equatable {
    /// UTC instant of the local Monday 00:00 that starts the week.
    public let startsAt: Int64
    /// The tenant's time zone.
    public let timeZone: String
    /// Seven days.
    public let days: [BookingDay]
}

/// One local day of a week view.
public struct BookingDay: Sendable, Equatable {
    /// `YYYY-MM-DD` (local).
    public let date: String
    /// 1 = Monday … 7 = Sunday.
    public let weekday: Int
    /// Sessions starting that day, by start time.
    public let bookings: [Booking]
}
