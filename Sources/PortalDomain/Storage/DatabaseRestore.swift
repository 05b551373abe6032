import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a backup file holds, as `restore` checks it before touching the data directory.
public struct BackupInfo: Sendable, Equatable {
    /// `PRAGMA integrity_check` said ok.
    public let integrityOK: Bool
    /// Migrations recorded in it, in order.
    public let migrations: [String]
    /// The newest of them.
    public var level: String { migrations.last ?? "" }
    /// Tenants in it.
    public let tenants: Int
    /// Fingerprint of the key its secrets were sealed with, if recorded.
    public let keyFingerprint: String?
    /// File size in bytes.
    public let bytes: Int64
}

/// Online backup and validated, atomic restore of a data directory's database.
public enum DatabaseRestore {
    /// Writes a consistent copy of `database` to `path` (through a temporary file and a rename, mode
    /// 0600). Refuses to overwrite an existing file.
    @discardableResult
    public static func backup(_ database: Database, to path: String) throws -> Int64 {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw DomainError.conflict("\(path) already exists; choose a new file name")
        }
        let temporary = path + ".partial-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try database.backup(to: temporary)
            _ = chmod(temporary, 0o600)
            try fsyncFile(temporary)
            guard rename(temporary, path) == 0 else {
                throw DomainError.notPermitted("cannot rename the backup into \(path): \(String(cString: strerror(errno)))")
            }
            try fsyncDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Opens `path` read-only and checks it is an intact portal database this build can migrate.
    public static func inspect(_ path: String) throws -> BackupInfo {
        guard FileManager.default.fileExists(atPath: path) else { throw DomainError.notFound("backup file \(path)") }
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path, readOnly: true, create: false)
            _ = try connection.int("SELECT count(*) FROM sqlite_schema")
        } catch {
            throw DomainError.invalid("backup", "\(path) is not an SQLite database: \(error)")
        }
        let integrity = try connection.rows("PRAGMA integrity_check(10)").map { $0.string(0) }
        let migrations = try Migrator.appliedIDs(connection)
        guard !migrations.isEmpty else {
            throw DomainError.invalid("backup", "\(path) is not a portal database (no schema_migrations)")
        }
        let known = Migrator.all.map(\.id)
        guard migrations.count <= known.count, Array(known.prefix(migrations.count)) == migrations else {
            throw DomainError.invalid(
                "backup", "\(path) has migrations \(migrations.joined(separator: ", ")), which this portal does not know")
        }
        let tenants =
            (try? connection.int("SELECT count(*) FROM tenants")).flatMap { $0 }.map { Int($0) } ?? 0
        let fingerprint = try? connection.string("SELECT value FROM meta WHERE key = 'secret_key_fingerprint'")
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        return BackupInfo(
            integrityOK: integrity == ["ok"], migrations: migrations, tenants: tenants, keyFingerprint: fingerprint ?? nil,
            bytes: bytes)
    }

    /// Replaces the data directory's database with the backup at `path`, atomically:
    /// validates the file, takes the data directory's lock (refused while a server runs), checks the
    /// key fingerprint, copies the file in beside the database, checkpoints and sets aside the current
    /// database as `portal.sqlite.before-restore-<time>`, drops its WAL, renames the copy into place,
    /// and migrates it to this build's level. Returns the backup's description.
    @discardableResult
    public static func restore(
        from path: String, into directory: DataDirectory, allowKeyMismatch: Bool = false, now: Int64
    ) throws -> BackupInfo {
        let info = try inspect(path)
        guard info.integrityOK else {
            throw DomainError.invalid("backup", "\(path) fails PRAGMA integrity_check; refusing to restore it")
        }
        let lock = try DataDirectoryLock.acquire(directory)
        defer { withExtendedLifetime(lock) {} }
        let key = try directory.loadOrCreateSecretKey()
        if let stored = info.keyFingerprint, stored != SecretKeyring(key: key).fingerprint, !allowKeyMismatch {
            throw DomainError.conflict(
                "the backup's secrets were sealed with another secret.key; restore that key file too, or pass --allow-key-mismatch (TOTP secrets will not open)"
            )
        }
        let target = directory.databasePath
        let incoming = target + ".restoring"
        try? FileManager.default.removeItem(atPath: incoming)
        try FileManager.default.copyItem(atPath: path, toPath: incoming)
        _ = chmod(incoming, 0o600)
        try fsyncFile(incoming)
        if FileManager.default.fileExists(atPath: target) {
            // Fold the WAL into the old file first, so the set-aside copy is complete on its own.
            do {
                let old = try SQLiteConnection(path: target, create: false)
                _ = try old.rows("PRAGMA wal_checkpoint(TRUNCATE)")
            }
            let setAside = target + ".before-restore-\(now)"
            guard rename(target, setAside) == 0 else {
                throw DomainError.notPermitted("cannot move the current database aside: \(String(cString: strerror(errno)))")
            }
        }
        // A WAL left beside the new file would be replayed into it: remove both side files.
        unlink(target + "-wal")
        unlink(target + "-shm")
        guard rename(incoming, target) == 0 else {
            throw DomainError.notPermitted("cannot move the restored database into place: \(String(cString: strerror(errno)))")
        }
        try fsyncDirectory(directory.path)
        let database = try Database.open(path: target)
        try Migrator.migrate(database, now: now)
        return info
    }

    /// Flushes a file to disk.
    static func fsyncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DomainError.notPermitted("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw DomainError.notPermitted("fsync \(path) failed: \(String(cString: strerror(errno)))") }
    }

    /// Flushes a directory entry (after a rename) to disk; best effort.
    static func fsyncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = fsync(fd)
    }
}
