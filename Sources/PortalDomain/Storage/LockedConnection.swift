import Synchronization

/// A connection and the lock that serializes its use.
///
/// `@unchecked Sendable` is sound because the connection is reachable only through `withConnection`
/// and `withConnectionIfAvailable`, which hold the lock for the whole use; SQLite itself is opened in
/// multi-thread mode, which allows a connection to move between threads as long as no two use it at once.
final class LockedConnection: @unchecked Sendable {
    private let lock = Mutex<Void>(())
    private let connection: SQLiteConnection

    /// Wraps `connection`, which nothing else may reference.
    init(_ connection: SQLiteConnection) { self.connection = connection }

    /// Runs `body` with the connection, waiting for the lock.
    func withConnection<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try lock.withLock { _ in try body(connection) }
    }

    /// Runs `body` when the lock is free right now; nil (without running it) when it is not.
    func withConnectionIfAvailable<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T? {
        let outcome: Result<T, any Error>? = lock.withLockIfAvailable { _ in
            do { return .success(try body(connection)) } catch { return .failure(error) }
        }
        return try outcome?.get()
    }
}
