/// Single-use recovery codes: 10 per user, 50 random bits each, shown once as `abcde-fghij` and stored
/// only as an HMAC under the data directory's key (bound to the user), so a copy of the database alone
/// does not reveal them.
enum RecoveryCodes {
    /// Codes issued at a time.
    static let count = 10
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    /// `count` new codes as shown to the user.
    static func generate() -> [String] {
        (0..<count).map { _ in
            let bytes = Crypto.randomBytes(10)
            let characters = bytes.map { alphabet[Int($0 & 31)] }
            return String(characters.prefix(5)) + "-" + String(characters.suffix(5))
        }
    }

    /// The code as compared: lower case, letters and digits only; nil when it cannot be a recovery code.
    static func normalize(_ code: String) -> String? {
        let folded = code.lowercased().filter { $0 != "-" && $0 != " " }
        guard folded.count == 10, folded.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return folded
    }

    /// The stored form of a normalized code of `userID`.
    static func hash(_ normalized: String, userID: Int64, keyring: SecretKeyring) -> [UInt8] {
        keyring.mac(Array(normalized.utf8), purpose: "recovery-code:\(userID)")
    }

    /// Replaces the user's codes with new ones (inside the caller's transaction) and returns them.
    static func replace(_ tx: SQLiteConnection, userID: Int64, keyring: SecretKeyring, at now: Int64) throws -> [String] {
        try tx.run("DELETE FROM recovery_codes WHERE user_id = ?", [userID])
        let codes = generate()
        for code in codes {
            guard let normalized = normalize(code) else { preconditionFailure("generated recovery code \(code) is malformed") }
            try tx.run(
                "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)",
                [userID, hash(normalized, userID: userID, keyring: keyring), now])
        }
        return codes
    }

    /// Codes of `userID` not used yet.
    static func remaining(_ db: SQLiteConnection, userID: Int64) throws -> Int {
        Int(try db.int("SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", [userID]) ?? 0)
    }
}
