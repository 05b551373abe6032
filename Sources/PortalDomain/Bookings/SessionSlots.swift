/// Maintained per-UTC-15-minute aggregates of sessions: how many start in each slot and how many are
/// in progress during it. Quarter hours make every real-world UTC offset (…, +05:30, +05:45) line up,
/// so the peak hour can be computed for any viewer's zone from the same table.
enum SessionSlots {
    /// Seconds per slot.
    static let seconds: Int64 = 900

    /// The slots a session covers: from its start slot to the slot holding its last second.
    static func covered(startsAt: Int64, durationMinutes: Int) -> ClosedRange<Int64> {
        let end = startsAt + Int64(durationMinutes) * 60
        return (startsAt / seconds)...((end - 1) / seconds)
    }

    /// Adds (`delta = 1`) or removes (`-1`) one session's contribution.
    static func apply(_ tx: SQLiteConnection, startsAt: Int64, durationMinutes: Int, delta: Int64) throws {
        let range = covered(startsAt: startsAt, durationMinutes: durationMinutes)
        for slot in range {
            let started: Int64 = slot == range.lowerBound ? delta : 0
            try tx.run(
                """
                INSERT INTO session_slots (slot, started, occupied) VALUES (?, max(0, ?), max(0, ?))
                ON CONFLICT (slot) DO UPDATE SET started = max(0, started + ?), occupied = max(0, occupied + ?)
                """, [slot, started, delta, started, delta])
        }
    }

    /// Recomputes the whole table from the bookings (tests compare it with the maintained one; the
    /// seeder uses the same accumulation in memory).
    static func rebuild(_ tx: SQLiteConnection) throws {
        var accumulator = Accumulator()
        try tx.each("SELECT starts_at, duration_min FROM bookings WHERE status <> 'cancelled'") { statement in
            accumulator.add(startsAt: statement.int64(0), durationMinutes: Int(statement.int64(1)))
        }
        try tx.run("DELETE FROM session_slots")
        try accumulator.write(tx)
    }

    /// Sums sessions into slots in memory, for bulk loads.
    struct Accumulator {
        private(set) var slots: [Int64: (started: Int64, occupied: Int64)] = [:]

        /// Adds one session.
        mutating func add(startsAt: Int64, durationMinutes: Int) {
            let range = SessionSlots.covered(startsAt: startsAt, durationMinutes: durationMinutes)
            for slot in range {
                var entry = slots[slot] ?? (0, 0)
                if slot == range.lowerBound { entry.started += 1 }
                entry.occupied += 1
                slots[slot] = entry
            }
        }

        /// Adds the sums to `session_slots`.
        func write(_ tx: SQLiteConnection) throws {
            let statement = try tx.prepare(
                """
                INSERT INTO session_slots (slot, started, occupied) VALUES (?, ?, ?)
                ON CONFLICT (slot) DO UPDATE SET started = started + excluded.started, occupied = occupied + excluded.occupied
                """)
            for (slot, entry) in slots.sorted(by: { $0.key < $1.key }) {
                try statement.bind([slot, entry.started, entry.occupied])
                try statement.run()
            }
        }
    }
}
