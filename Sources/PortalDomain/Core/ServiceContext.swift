/// What every service shares: the database, the clock and the keyring.
struct ServiceContext: Sendable {
    /// The database.
    let database: Database
    /// The injected clock.
    let clock: any WallClock
    /// The data directory's secret.
    let keyring: SecretKeyring

    /// Now, as UTC Unix seconds.
    var now: Int64 { clock.seconds }

    /// Runs `body` in a write transaction with the current time.
    func write<T: Sendable>(_ body: (SQLiteConnection, Int64) throws -> T) throws -> T {
        let now = self.now
        return try database.write { tx in try body(tx, now) }
    }

    /// Runs `body` in a read transaction with the current time.
    func read<T: Sendable>(_ body: (SQLiteConnection, Int64) throws -> T) throws -> T {
        let now = self.now
        return try database.read { connection in try body(connection, now) }
    }
}
