/// The data directory's 32-byte secret and what the domain does with it: AES-256-GCM for secrets at
/// rest (TOTP secrets) and HMAC-SHA-256 for stored lookups of API keys and tokens.
public struct SecretKeyring: Sendable {
    private let key: [UInt8]

    /// A keyring over `key` (exactly 32 bytes).
    public init(key: [UInt8]) {
        precondition(key.count == 32, "the secret key is 32 bytes")
        self.key = key
    }

    /// A random keyring (tests).
    public static func random() -> SecretKeyring { SecretKeyring(key: Crypto.randomBytes(32)) }

    /// Encrypts `plaintext`; `context` (e.g. `totp:user:42`) is authenticated, so a sealed value moved
    /// to another row does not open.
    public func seal(_ plaintext: [UInt8], context: String) throws -> [UInt8] {
        try Crypto.aesGCMSeal(key: key, plaintext: plaintext, aad: Array(context.utf8))
    }

    /// Decrypts what `seal` produced for the same `context`.
    public func open(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        try Crypto.aesGCMOpen(key: key, sealed: sealed, aad: Array(context.utf8))
    }

    /// HMAC-SHA-256 of `data` under a key derived for `purpose`, so one use can never stand in for another.
    public func mac(_ data: [UInt8], purpose: String) -> [UInt8] {
        let purposeKey = Crypto.hmac(.sha256, key: key, data: Array("portal-purpose:\(purpose)".utf8))
        return Crypto.hmac(.sha256, key: purposeKey, data: data)
    }

    /// A short public fingerprint of the key (stored in the database so a restore can tell whether the
    /// data directory's key is the one the backup's secrets were sealed with).
    public var fingerprint: String {
        String(ByteEncoding.hex(mac(Array("fingerprint".utf8), purpose: "key-id")).prefix(16))
    }
}
