internal import COpenSSL

/// A server `SSL_CTX`: TLS 1.2/1.3 only, ECDHE + AEAD suites only, X25519/P-256, ALPN `http/1.1`,
/// session tickets plus a server-side session cache, and released buffers on idle connections.
///
/// Configured once in `init` and then only used to create connections, which OpenSSL allows from any
/// thread. A reload builds a new context; connections keep a reference to the one they started with.
final class TLSContext: @unchecked Sendable {
    private let context: OpaquePointer
    /// The served certificate's details (for the health page).
    let certificate: TLSCertificateInfo

    /// TLS 1.2 suites: forward-secret ECDHE with AES-GCM or ChaCha20-Poly1305 only.
    static let tls12Ciphers =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
    /// TLS 1.3 suites (all AEAD).
    static let tls13Ciphers = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"

    /// Loads a PEM certificate chain (leaf first) and its PEM private key.
    init(certificateChainPath: String, privateKeyPath: String) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw TLSError.capture("SSL_CTX_new") }
        self.context = context
        do {
            certificate = try TLSCertificateInfo.load(path: certificateChainPath)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        try configure(certificateChainPath: certificateChainPath, privateKeyPath: privateKeyPath)
    }

    deinit { SSL_CTX_free(context) }

    private func configure(certificateChainPath: String, privateKeyPath: String) throws(TLSError) {
        guard portal_SSL_CTX_set_min_proto_version(context, portal_TLS1_2_VERSION()) == 1,
            portal_SSL_CTX_set_max_proto_version(context, portal_TLS1_3_VERSION()) == 1
        else { throw TLSError.capture("set protocol versions") }
        _ = portal_SSL_CTX_set_server_options(context)
        _ = portal_SSL_CTX_set_mode(context, portal_SSL_MODE_server())
        // Read whole records (and whatever follows) in one read(2) instead of a 5-byte header read and a body read.
        _ = portal_SSL_CTX_set_read_ahead(context, 1)
        guard SSL_CTX_set_cipher_list(context, TLSContext.tls12Ciphers) == 1,
            SSL_CTX_set_ciphersuites(context, TLSContext.tls13Ciphers) == 1
        else { throw TLSError.capture("set cipher suites") }
        guard portal_SSL_CTX_set1_groups_list(context, "X25519:P-256") == 1 else { throw TLSError.capture("set groups") }
        guard SSL_CTX_use_certificate_chain_file(context, certificateChainPath) == 1 else {
            throw TLSError.capture("load certificate chain \(certificateChainPath)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, privateKeyPath, portal_SSL_FILETYPE_PEM()) == 1 else {
            throw TLSError.capture("load private key \(privateKeyPath)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else { throw TLSError.capture("key does not match certificate") }
        // Resumption: stateless tickets (one per handshake is enough for browsers and wrk) plus a server cache
        // for TLS 1.2 clients that resume by session id.
        _ = portal_SSL_CTX_set_session_cache_mode(context, portal_SSL_SESS_CACHE_SERVER())
        _ = portal_SSL_CTX_sess_set_cache_size(context, 20_000)
        _ = SSL_CTX_set_num_tickets(context, 1)
        let sessionContext: [UInt8] = Array("owner-portal".utf8)
        _ = SSL_CTX_set_session_id_context(context, sessionContext, UInt32(sessionContext.count))
        SSL_CTX_set_alpn_select_cb(context, tlsSelectALPN, nil)
    }

    /// A server-side TLS connection on the nonblocking socket `fd` (the caller keeps owning `fd`).
    func makeConnection(fd: Int32) throws(TLSError) -> TLSConnection {
        ERR_clear_error()
        guard let ssl = SSL_new(context) else { throw TLSError.capture("SSL_new") }
        guard SSL_set_fd(ssl, fd) == 1 else {
            SSL_free(ssl)
            throw TLSError.capture("SSL_set_fd")
        }
        SSL_set_accept_state(ssl)
        return TLSConnection(ssl: ssl)
    }
}

/// ALPN (RFC 7301): pick `http/1.1` when offered; a client offering only other protocols gets a fatal
/// `no_application_protocol` alert, as nginx does. A client without ALPN is served HTTP/1.1.
private func tlsSelectALPN(
    _ ssl: OpaquePointer?, _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, _ outLength: UnsafeMutablePointer<UInt8>?,
    _ input: UnsafePointer<UInt8>?, _ inputLength: UInt32, _ argument: UnsafeMutableRawPointer?
) -> Int32 {
    guard let input, let out, let outLength else { return portal_SSL_TLSEXT_ERR_NOACK() }
    var offset = 0
    let total = Int(inputLength)
    while offset < total {
        let length = Int(input[offset])
        let start = offset + 1
        guard start + length <= total else { break }
        if length == 8 {
            let name = UnsafeBufferPointer(start: input + start, count: length)
            if name.elementsEqual("http/1.1".utf8) {
                out.pointee = input + start
                outLength.pointee = UInt8(length)
                return portal_SSL_TLSEXT_ERR_OK()
            }
        }
        offset = start + length
    }
    return portal_SSL_TLSEXT_ERR_ALERT_FATAL()
}
