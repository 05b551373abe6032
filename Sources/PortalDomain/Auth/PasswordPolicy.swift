import Foundation

/// What a new password must be: at least 12 characters, not the account's e-mail, not one of the
/// passwords attackers try first, and not a single repeated character or a keyboard run.
public enum PasswordPolicy {
    /// Shortest accepted password, in characters.
    public static let minimumLength = 12

    /// The message for the password form, nil when `password` is acceptable for `email`'s account.
    public static func problem(with password: String, email: String) -> String? {
        if password.count < minimumLength { return "Use at least \(minimumLength) characters" }
        if let problem = PasswordHasher.problem(with: password) { return problem }
        let folded = password.lowercased()
        let emailKey = Validator.emailKey(email)
        let localPart = emailKey.split(separator: "@").first.map(String.init) ?? emailKey
        if folded == emailKey || folded == localPart || folded.trimmingCharacters(in: .whitespaces) == emailKey {
            return "The password must not be your e-mail address"
        }
        if Set(folded).count < 4 || common.contains(folded) || isRun(folded) {
            return "This password is too common; choose a longer phrase of unrelated words"
        }
        return nil
    }

    /// Runs like `1234567890123`, `zyxwvutsrqpo` or `qwertyuiopas`: a stretch of a digit, alphabet or
    /// keyboard sequence (digits wrap around), either way round.
    private static func isRun(_ text: String) -> Bool {
        runs.contains { $0.contains(text) }
    }

    private static let runs: [String] = {
        let digits = String(repeating: "1234567890", count: 4)
        let sequences = [digits, "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "qwertzuiopasdfghjklyxcvbnm"]
        return sequences + sequences.map { String($0.reversed()) }
    }()

    /// Passwords of 12+ characters from public breach top lists (lower case).
    private static let common: Set<String> = [
        "123456789012", "1234567890123", "12345678901234", "123456123456", "111111111111", "000000000000",
        "password1234", "password12345", "password123!", "passwordpassword", "password1234!", "p@ssw0rd1234",
        "qwertyuiop12", "qwertyuiopasdf", "qwerty123456", "qwertyqwerty", "1q2w3e4r5t6y", "1qaz2wsx3edc",
        "zaq12wsxcde3", "asdfghjkl123", "iloveyou1234", "welcome12345", "welcome123456", "letmein12345",
        "administrator", "administrator1", "changeme1234", "changeme12345", "trustno1trustno1", "football1234",
        "baseball1234", "superman1234", "princess1234", "sunshine1234", "monkey123456", "dragon123456",
        "abc123abc123", "abcdef123456", "a1b2c3d4e5f6", "iloveyouiloveyou", "passw0rd1234", "secret123456",
        "default12345", "master123456", "starwars1234", "whatever1234", "correcthorsebatterystaple",
        "correct horse battery staple", "ownerportal1", "ownerportal123", "owner portal", "portal123456",
    ]
}
