#if canImport(Glibc)
    import Glibc
#endif

/// A failed socket or file system call, with errno captured where it failed.
struct SocketError: Error, Sendable, CustomStringConvertible {
    /// The call that failed, e.g. `bind 127.0.0.1:8443`.
    let operation: String
    /// errno at the time, or 0.
    let code: Int32

    /// Captures errno for `operation`.
    static func failed(_ operation: String) -> SocketError {
        SocketError(operation: operation, code: errno)
    }

    var description: String {
        code == 0 ? "\(operation) failed" : "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
