internal import COpenSSL

#if canImport(Glibc)
    import Glibc
#endif

/// A response as the test client read it.
struct TestResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    /// The first value of a header, case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A resumable TLS session taken from a finished connection.
final class TLSTestSession {
    fileprivate let session: OpaquePointer
    fileprivate init(_ session: OpaquePointer) { self.session = session }
    deinit { SSL_SESSION_free(session) }
}

/// A small blocking OpenSSL client for live tests over loopback (no certificate verification: the tests
/// check the fingerprint instead).
final class TLSTestClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects and completes the handshake. `maxVersion`: e.g. `TLS1_1_VERSION` to test refusal.
    init(
        port: Int, maxVersion: Int32? = nil, minVersion: Int32? = nil, alpn: [String]? = ["http/1.1"],
        session: TLSTestSession? = nil, timeoutSeconds: Int = 5
    ) throws {
        fd = try TLSTestClient.connect(port: port, timeoutSeconds: timeoutSeconds)
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw Failure(description: "SSL_CTX_new") }
        self.context = context
        if let minVersion { _ = portal_SSL_CTX_set_min_proto_version(context, minVersion) }
        if let maxVersion {
            _ = portal_SSL_CTX_set_max_proto_version(context, maxVersion)
            _ = SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0")
        }
        _ = portal_SSL_CTX_set_session_cache_mode(context, 1)  // SSL_SESS_CACHE_CLIENT
        guard let ssl = SSL_new(context) else { throw Failure(description: "SSL_new") }
        self.ssl = ssl
        if let alpn {
            var wire: [UInt8] = []
            for name in alpn {
                wire.append(UInt8(name.utf8.count))
                wire.append(contentsOf: name.utf8)
            }
            _ = SSL_set_alpn_protos(ssl, wire, UInt32(wire.count))
        }
        _ = portal_SSL_set_tlsext_host_name(ssl, "localhost")
        if let session { _ = SSL_set_session(ssl, session.session) }
        SSL_set_fd(ssl, fd)
        guard SSL_connect(ssl) == 1 else {
            ERR_clear_error()
            throw Failure(description: "handshake failed")
        }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
        Glibc.close(fd)
    }

    private static func connect(port: Int, timeoutSeconds: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect failed: errno \(errno)")
        }
        return fd
    }

    /// True when a plain TCP connect to `port` is refused.
    static func connectionRefused(port: Int) -> Bool {
        do {
            let fd = try connect(port: port, timeoutSeconds: 2)
            Glibc.close(fd)
            return false
        } catch {
            return true
        }
    }

    /// The negotiated ALPN protocol.
    var alpnProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The protocol version, e.g. `TLSv1.3`.
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// True when the session was resumed.
    var sessionReused: Bool { SSL_session_reused(ssl) == 1 }

    /// The session for resumption (read a response first so TLS 1.3 tickets have arrived).
    func session() -> TLSTestSession? {
        SSL_get1_session(ssl).map(TLSTestSession.init)
    }

    /// The server certificate's SHA-256 fingerprint, colon-separated uppercase hex.
    var peerFingerprint: String {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return "" }
        defer { X509_free(certificate) }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        X509_digest(certificate, EVP_sha256(), &digest, &length)
        return digest.map {
            String($0, radix: 16, uppercase: true).count == 1
                ? "0" + String($0, radix: 16, uppercase: true) : String($0, radix: 16, uppercase: true)
        }
        .joined(separator: ":")
    }

    /// Sends text.
    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sends bytes.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let rc = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress! + offset, Int32(bytes.count - offset)) }
            guard rc > 0 else { throw Failure(description: "write failed") }
            offset += Int(rc)
        }
    }

    /// Reads more bytes into the buffer; false at EOF, error or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let rc = chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
        guard rc > 0 else {
            ERR_clear_error()
            return false
        }
        buffer.append(contentsOf: chunk[0..<Int(rc)])
        return true
    }

    private func readLine() throws -> String {
        while true {
            if let index = buffer.firstIndex(of: 10) {
                let line = buffer[0..<index]
                buffer.removeSubrange(0...index)
                return String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
            }
            guard fill() else { throw Failure(description: "connection closed while reading a line") }
        }
    }

    private func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard fill() else { throw Failure(description: "connection closed while reading \(count) bytes") }
        }
        let result = Array(buffer[0..<count])
        buffer.removeSubrange(0..<count)
        return result
    }

    /// Reads one response (interim 1xx responses included as their own response). `head`: no body follows.
    func readResponse(head: Bool = false) throws -> TestResponse {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw Failure(description: "bad status line '\(statusLine)'")
        }
        var headers: [(String, String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw Failure(description: "bad header '\(line)'") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: " ")))
        }
        var response = TestResponse(status: status, headers: headers, body: [])
        if head || status < 200 || status == 204 || status == 304 { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try readBytes(length)
        } else if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else {
                    throw Failure(description: "bad chunk size '\(sizeLine)'")
                }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    break
                }
                response.body += try readBytes(size)
                _ = try readLine()
            }
        } else {
            while fill() {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// Sends a request and reads its response.
    func request(_ method: String = "GET", _ target: String, headers: [String] = [], body: String? = nil) throws -> TestResponse {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for header in headers { text += header + "\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        try send(text)
        return try readResponse(head: method == "HEAD")
    }

    /// True when the server has closed the connection (EOF within the read timeout).
    func isClosedByPeer() -> Bool {
        if !buffer.isEmpty { return false }
        return !fill()
    }
}

extension String {
    /// Trims the given characters from both ends.
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var slice = Substring(self)
        while slice.first == set { slice.removeFirst() }
        while slice.last == set { slice.removeLast() }
        return String(slice)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String { String(self).trimmingCharacters(in: set) }
}
