import Foundation

/// Password hashing with scrypt (N = 2^15, r = 8, p = 1: 32 MiB and ~100 ms per hash here) through
/// OpenSSL, with a per-user 16-byte salt. The stored string carries its parameters, so they can be
/// raised later: `needsRehash` tells the sign-in phase to rehash at the next successful sign-in.
///
/// Formats: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` and, accepted for verification,
/// `$pbkdf2-sha256$i=600000$<salt>$<hash>` (salt and hash in unpadded base64url).
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's N.
    public let logN: Int
    /// scrypt block size.
    public let r: Int
    /// scrypt parallelism.
    public let p: Int

    /// The current policy.
    public static let standard = PasswordHasher(logN: 15, r: 8, p: 1)

    /// A hasher with explicit scrypt parameters (tests may use cheaper ones).
    public init(logN: Int, r: Int, p: Int) {
        precondition((10...20).contains(logN) && r >= 1 && p >= 1, "unsupported scrypt parameters")
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// Shortest password accepted.
    public static let minimumLength = 10
    /// Longest password accepted, in bytes (bounds the hashing work an attacker can ask for).
    public static let maximumBytes = 1_024

    /// Validation messages for a new password, nil when it is acceptable.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "Password must be at least \(minimumLength) characters" }
        if password.utf8.count > maximumBytes { return "Password must be at most \(maximumBytes) bytes" }
        if password.trimmingCharacters(in: .whitespaces).isEmpty { return "Password must not be blank" }
        return nil
    }

    /// Hashes `password` with a fresh salt.
    public func hash(_ password: String) throws -> String {
        let salt = Crypto.randomBytes(16)
        let key = try Crypto.scrypt(
            password: Array(password.utf8), salt: salt, n: 1 << UInt64(logN), r: UInt64(r), p: UInt64(p), length: 32)
        return "$scrypt$ln=\(logN),r=\(r),p=\(p)$\(ByteEncoding.base64URL(salt))$\(ByteEncoding.base64URL(key))"
    }

    /// True when `password` matches `stored` (constant-time comparison of the derived keys). A
    /// malformed stored string never matches.
    public func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = Parsed(stored), password.utf8.count <= PasswordHasher.maximumBytes else { return false }
        let derived: [UInt8]
        do {
            switch parsed.scheme {
            case .scrypt(let logN, let r, let p):
                derived = try Crypto.scrypt(
                    password: Array(password.utf8), salt: parsed.salt, n: 1 << UInt64(logN), r: UInt64(r), p: UInt64(p),
                    length: parsed.hash.count)
            case .pbkdf2(let iterations):
                derived = try Crypto.pbkdf2SHA256(
                    password: Array(password.utf8), salt: parsed.salt, iterations: iterations, length: parsed.hash.count)
            }
        } catch {
            return false
        }
        return Crypto.constantTimeEquals(derived, parsed.hash)
    }

    /// True when `stored` was made with weaker or other parameters than this hasher's.
    public func needsRehash(_ stored: String) -> Bool {
        guard let parsed = Parsed(stored), case .scrypt(let storedLogN, let storedR, let storedP) = parsed.scheme else {
            return true
        }
        return storedLogN < logN || storedR != r || storedP < p
    }

    /// A stored hash, split.
    private struct Parsed {
        /// The KDF and its parameters.
        enum Scheme {
            case scrypt(logN: Int, r: Int, p: Int)
            case pbkdf2(iterations: Int)
        }
        let scheme: Scheme
        let salt: [UInt8]
        let hash: [UInt8]

        /// Splits `stored`; nil when it is not a well-formed hash string.
        init?(_ stored: String) {
            let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
            guard parts.count == 5, parts[0].isEmpty, let salt = ByteEncoding.fromBase64URL(String(parts[3])),
                let hash = ByteEncoding.fromBase64URL(String(parts[4])), salt.count >= 8, hash.count >= 16
            else { return nil }
            var parameters: [String: Int] = [:]
            for item in parts[2].split(separator: ",") {
                let pair = item.split(separator: "=")
                guard pair.count == 2, let value = Int(pair[1]) else { return nil }
                parameters[String(pair[0])] = value
            }
            switch parts[1] {
            case "scrypt":
                guard let logN = parameters["ln"], let r = parameters["r"], let p = parameters["p"],
                    (10...20).contains(logN), (1...32).contains(r), (1...16).contains(p)
                else { return nil }
                scheme = .scrypt(logN: logN, r: r, p: p)
            case "pbkdf2-sha256":
                guard let iterations = parameters["i"], (1_000...10_000_000).contains(iterations) else { return nil }
                scheme = .pbkdf2(iterations: iterations)
            default:
                return nil
            }
            self.salt = salt
            self.hash = hash
        }
    }
}
