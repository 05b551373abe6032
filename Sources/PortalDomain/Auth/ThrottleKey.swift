#if canImport(Glibc)
    import Glibc
#endif

/// One thing attempts are counted against: an account (password), a user (codes) or a client
/// address, with the policy that applies to it.
struct ThrottleKey: Sendable, Equatable {
    /// What is counted, as the audit entry of a lock names it.
    enum Scope: String, Sendable {
        /// An account's password, keyed by an HMAC of the e-mail (known or not).
        case account
        /// A user's TOTP and recovery codes.
        case code
        /// A client address (an IPv4 address or an IPv6 /64).
        case address
    }

    /// The stored key.
    let id: String
    /// What it counts.
    let scope: Scope
    /// Its delays and lock.
    let policy: ThrottlePolicy

    /// The password key of `email`: an HMAC of its normalized form, so unknown addresses are counted
    /// exactly like real ones and no address is stored.
    static func account(email: String, keyring: SecretKeyring, policy: ThrottlePolicy) -> ThrottleKey {
        let mac = keyring.mac(Array(Validator.emailKey(email).utf8), purpose: "throttle-account")
        return ThrottleKey(id: "pw:acct:" + ByteEncoding.hex(Array(mac.prefix(16))), scope: .account, policy: policy)
    }

    /// The code key of a user (TOTP and recovery codes at sign-in, step-up and in account settings).
    static func code(userID: Int64, policy: ThrottlePolicy) -> ThrottleKey {
        ThrottleKey(id: "code:user:\(userID)", scope: .code, policy: policy)
    }

    /// The key of a client address for `kind` (`pw` or `code`).
    static func address(_ ip: String, kind: String, policy: ThrottlePolicy) -> ThrottleKey {
        ThrottleKey(id: "\(kind):ip:\(normalizedAddress(ip))", scope: .address, policy: policy)
    }

    /// An IPv4 address as is (also when IPv4-mapped), an IPv6 address as its /64 prefix (one host
    /// usually owns a whole /64), anything else as given.
    static func normalizedAddress(_ ip: String) -> String {
        var text = ip
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if text.lowercased().hasPrefix("::ffff:"), text.contains(".") { return String(text.dropFirst(7)) }
        guard text.contains(":") else { return text }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, text, &bytes) == 1 else { return text }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}
