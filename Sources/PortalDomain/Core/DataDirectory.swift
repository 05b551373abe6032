import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The portal's data directory: `portal.sqlite` (+ `-wal`, `-shm`), `secret.key` and `portal.lock`.
///
/// Created with mode 0700; the key file with 0600. Both are checked on every open, so a directory
/// that became world-readable is fixed rather than trusted.
public struct DataDirectory: Sendable {
    /// Absolute path of the directory.
    public let path: String

    /// The directory at `path` (relative paths are resolved against the working directory).
    public init(path: String) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        self.path = url.path
    }

    /// The database file.
    public var databasePath: String { path + "/portal.sqlite" }
    /// The 32-byte key file.
    public var secretKeyPath: String { path + "/secret.key" }
    /// The lock file `serve` and `restore` hold.
    public var lockPath: String { path + "/portal.lock" }

    /// Creates the directory (mode 0700) when missing and tightens its mode when it is looser.
    public func create() throws {
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DomainError.conflict("\(path) exists and is not a directory")
        }
        if chmod(path, 0o700) != 0 {
            throw DomainError.notPermitted("cannot set mode 0700 on \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// True when the database file exists.
    public var hasDatabase: Bool { FileManager.default.fileExists(atPath: databasePath) }

    /// Reads the key file, creating it (32 random bytes, mode 0600, `O_EXCL` so two processes cannot
    /// both create one) on first use.
    public func loadOrCreateSecretKey() throws -> [UInt8] {
        if let key = try readSecretKey() { return key }
        let key = Crypto.randomBytes(32)
        let fd = open(secretKeyPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST, let existing = try readSecretKey() { return existing }
            throw DomainError.notPermitted("cannot create \(secretKeyPath): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let written = key.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == key.count, fsync(fd) == 0 else {
            unlink(secretKeyPath)
            throw DomainError.notPermitted("cannot write \(secretKeyPath): \(String(cString: strerror(errno)))")
        }
        return key
    }

    private func readSecretKey() throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: secretKeyPath) else { return nil }
        guard let data = FileManager.default.contents(atPath: secretKeyPath) else {
            throw DomainError.notPermitted("cannot read \(secretKeyPath)")
        }
        guard data.count == 32 else {
            throw DomainError.conflict("\(secretKeyPath) must hold exactly 32 bytes, it holds \(data.count)")
        }
        _ = chmod(secretKeyPath, 0o600)
        return Array(data)
    }
}
