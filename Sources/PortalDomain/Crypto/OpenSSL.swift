internal import COpenSSL

/// The hash functions the portal uses for HMAC.
public enum HashAlgorithm: Sendable {
    case sha1
    case sha256

    fileprivate var md: OpaquePointer {
        switch self {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        }
    }

    /// Digest length in bytes.
    public var digestLength: Int {
        switch self {
        case .sha1: 20
        case .sha256: 32
        }
    }
}

/// A failed OpenSSL call, with the library's error queue captured at the moment it failed.
public struct CryptoError: Error, Sendable, CustomStringConvertible {
    /// The OpenSSL function that failed.
    public let operation: String
    /// OpenSSL's error queue, oldest first.
    public let details: [String]

    /// Captures and clears OpenSSL's error queue for `operation`.
    static func capture(_ operation: String) -> CryptoError {
        var details: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            details.append(String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return CryptoError(operation: operation, details: details)
    }

    public var description: String {
        details.isEmpty ? "\(operation) failed" : "\(operation) failed: \(details.joined(separator: "; "))"
    }
}

/// The cryptographic primitives of the domain, all from OpenSSL's libcrypto.
///
/// Every function takes and returns plain byte arrays; no OpenSSL type leaves this file.
public enum Crypto {
    /// `count` bytes from OpenSSL's CSPRNG. A CSPRNG failure is unrecoverable: it traps.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        let rc = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        precondition(rc == 1, "RAND_bytes failed: \(CryptoError.capture("RAND_bytes"))")
        return bytes
    }

    /// SHA-256 of `data`.
    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        data.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { out in
                _ = SHA256(input.baseAddress, input.count, out.baseAddress)
            }
        }
        return digest
    }

    /// SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256(_ text: String) -> [UInt8] { sha256(Array(text.utf8)) }

    /// HMAC of `data` under `key`.
    public static func hmac(_ algorithm: HashAlgorithm, key: [UInt8], data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = key.withUnsafeBufferPointer { k in
            data.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(algorithm.md, k.baseAddress, Int32(k.count), d.baseAddress, d.count, o.baseAddress, &length)
                }
            }
        }
        precondition(ok != nil, "HMAC failed: \(CryptoError.capture("HMAC"))")
        return Array(out.prefix(Int(length)))
    }

    /// PBKDF2-HMAC-SHA256 (RFC 8018).
    public static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) throws(CryptoError)
        -> [UInt8]
    {
        var out = [UInt8](repeating: 0, count: length)
        let rc = password.withUnsafeBufferPointer { p in
            salt.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    PKCS5_PBKDF2_HMAC(
                        cString(p), Int32(p.count), s.baseAddress, Int32(s.count), Int32(iterations), EVP_sha256(),
                        Int32(length), o.baseAddress)
                }
            }
        }
        guard rc == 1 else { throw CryptoError.capture("PKCS5_PBKDF2_HMAC") }
        return out
    }

    /// scrypt (RFC 7914) with cost `n` (a power of two), block size `r` and parallelism `p`.
    public static func scrypt(password: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, length: Int)
        throws(CryptoError) -> [UInt8]
    {
        var out = [UInt8](repeating: 0, count: length)
        // 128 * N * r bytes of working memory, plus slack; OpenSSL refuses above maxmem.
        let maxmem = 128 * n * r * p + 128 * r * 256 + (1 << 20)
        let rc = password.withUnsafeBufferPointer { pw in
            salt.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    EVP_PBE_scrypt(cString(pw), pw.count, s.baseAddress, s.count, n, r, p, maxmem, o.baseAddress, length)
                }
            }
        }
        guard rc == 1 else { throw CryptoError.capture("EVP_PBE_scrypt") }
        return out
    }

    /// Views bytes as the `const char *` (not NUL-terminated; the length goes beside it) OpenSSL's KDFs take.
    private static func cString(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar>? {
        bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
    }

    /// Constant-time equality: the time depends only on the lengths, never on where bytes differ.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 } }
    }
}
