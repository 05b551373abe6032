import PortalDomain

/// `portal create-owner`: creates an owner admin with a one-time password.
enum CreateOwnerCommand: PortalCommand {
    static let name = "create-owner"
    static let summary = "create an owner admin with a one-time password"
    static let help = """
        usage: portal create-owner --email E [--name N] [--data-dir DIR]

        Creates an owner admin account and prints a one-time password. At the first sign-in the
        password must be changed, and two-factor sign-in (TOTP) must be enrolled before any owner
        page opens. Audited as user.created by cli:create-owner.

          --email E          the account's e-mail address (required)
          --name N           display name (default: the part of the address before @)
        \(DataDirectoryOption.help)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["data-dir", "email", "name"], flagOptions: [])
        guard options.positionals.isEmpty else { throw UsageError(description: "unexpected argument \(options.positionals[0])") }
        guard let email = options.string("email"), !email.isEmpty else { throw UsageError(description: "--email is required") }
        let name = options.string("name") ?? String(email.split(separator: "@").first ?? Substring(email))
        let portal = try DataDirectoryOption.open(options)
        let created = try portal.users.createStaff(
            email: email, displayName: name, role: .ownerAdmin, by: .system("cli:create-owner"))
        guard let password = created.oneTimePassword else { preconditionFailure("createStaff without a password returns one") }
        print("created owner admin \(created.user.email) (user \(created.user.id))")
        print("one-time password: \(password)")
        print("Sign in with it at /login: you will choose a new password, then enrol two-factor sign-in.")
        return 0
    }
}
