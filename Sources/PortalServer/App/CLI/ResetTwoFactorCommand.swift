import PortalDomain

/// `portal reset-two-factor`: clears a user's two-factor sign-in when they lost their authenticator and
/// their recovery codes.
enum ResetTwoFactorCommand: PortalCommand {
    static let name = "reset-two-factor"
    static let summary = "clear a user's two-factor sign-in (lost authenticator and recovery codes)"
    static let help = """
        usage: portal reset-two-factor --email E --reason TEXT [--data-dir DIR]

        For a user who lost both their authenticator and their recovery codes: deletes their TOTP
        secret and recovery codes and ends all their sessions. Owner staff must enrol again at their
        next sign-in before any owner page opens; tenant users sign in with their password alone
        until they enrol again. Check who is asking before running it: whoever holds the account's
        password can then enrol their own authenticator. Audited as auth.totp_reset by
        cli:reset-two-factor, with the reason. Works while the server runs.

          --email E          the account's e-mail address (required)
          --reason TEXT      why, for the audit log (required)
        \(DataDirectoryOption.help)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["data-dir", "email", "reason"], flagOptions: [])
        guard options.positionals.isEmpty else { throw UsageError(description: "unexpected argument \(options.positionals[0])") }
        guard let email = options.string("email"), !email.isEmpty else { throw UsageError(description: "--email is required") }
        guard let reason = options.string("reason") else { throw UsageError(description: "--reason is required") }
        let portal = try DataDirectoryOption.open(options)
        guard let user = try portal.users.user(email: email) else {
            throw DomainError.notFound("no account with e-mail \(email)")
        }
        let ended = try portal.twoFactor.reset(userID: user.id, reason: reason, by: .system("cli:reset-two-factor"))
        print("two-factor sign-in cleared for \(user.email) (user \(user.id)); \(ended) session(s) ended")
        print(
            user.role.isOwnerStaff
                ? "At the next sign-in they set up two-factor sign-in again before any owner page opens."
                : "They sign in with their password alone until they set up two-factor sign-in again.")
        return 0
    }
}
