import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` on `<data-dir>/portal.lock`, held by `serve` for its lifetime and by
/// `restore` while it swaps the database file, so a restore can never pull the file from under a
/// running server. The kernel drops the lock when the process dies, so a crash never leaves it stale.
public final class DataDirectoryLock: Sendable {
    private let descriptor: Int32
    /// The lock file.
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Takes the lock without waiting; throws `conflict` when another process holds it.
    public static func acquire(_ directory: DataDirectory) throws -> DataDirectoryLock {
        try directory.create()
        let fd = open(directory.lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw DomainError.notPermitted("cannot open \(directory.lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            close(fd)
            if reason == EWOULDBLOCK {
                throw DomainError.conflict(
                    "\(directory.path) is in use by another portal process (a running server holds \(directory.lockPath))")
            }
            throw DomainError.notPermitted("cannot lock \(directory.lockPath): \(String(cString: strerror(reason)))")
        }
        // Record the holder's pid for people reading the file; the flock is what counts.
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        return DataDirectoryLock(descriptor: fd, path: directory.lockPath)
    }

    /// True when some process holds the lock right now.
    public static func isHeld(_ directory: DataDirectory) -> Bool {
        let fd = open(directory.lockPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }
}
