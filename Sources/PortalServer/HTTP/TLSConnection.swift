internal import COpenSSL

/// One server-side TLS session on a nonblocking socket. Confined to its event loop's thread.
final class TLSConnection {
    /// The outcome of a nonblocking TLS operation.
    enum Outcome: Equatable {
        /// Progress: bytes read or written (0 for a finished handshake).
        case done(Int)
        /// Call again when the socket is readable.
        case wantRead
        /// Call again when the socket is writable.
        case wantWrite
        /// The peer closed the session (close_notify or EOF).
        case closed
        /// A protocol or system error; the connection must be dropped.
        case failed
    }

    private let ssl: OpaquePointer

    /// Takes ownership of `ssl` (freed in deinit).
    init(ssl: OpaquePointer) { self.ssl = ssl }

    deinit { SSL_free(ssl) }

    /// Advances the handshake.
    func handshake() -> Outcome {
        ERR_clear_error()
        let rc = SSL_do_handshake(ssl)
        return rc == 1 ? .done(0) : outcome(rc)
    }

    /// Reads decrypted bytes into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Outcome {
        ERR_clear_error()
        let rc = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        return rc > 0 ? .done(Int(rc)) : outcome(rc)
    }

    /// Encrypts and sends bytes (partial writes allowed: the mode is set on the context).
    func write(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        guard bytes.count > 0 else { return .done(0) }
        ERR_clear_error()
        let rc = SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
        return rc > 0 ? .done(Int(rc)) : outcome(rc)
    }

    /// Sends close_notify without waiting for the peer's (the socket is closed right after).
    func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    /// True when OpenSSL holds received bytes not yet returned by `read` (no syscall needed to get them).
    var hasBufferedRecords: Bool { SSL_has_pending(ssl) == 1 }

    /// The negotiated ALPN protocol, if any.
    var alpnProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The negotiated protocol version, e.g. `TLSv1.3`.
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// True when the session was resumed rather than fully negotiated.
    var sessionReused: Bool { SSL_session_reused(ssl) == 1 }

    private func outcome(_ rc: Int32) -> Outcome {
        switch SSL_get_error(ssl, rc) {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .closed
        case SSL_ERROR_SYSCALL:
            ERR_clear_error()
            return rc == 0 ? .closed : .failed
        default:
            ERR_clear_error()
            return .failed
        }
    }
}
