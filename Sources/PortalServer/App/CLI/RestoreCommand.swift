import PortalDomain

/// `portal restore PATH`: validates a backup and swaps it in as the data directory's database.
enum RestoreCommand: PortalCommand {
    static let name = "restore"
    static let summary = "replace the database with a validated backup (server stopped)"
    static let help = """
        usage: portal restore PATH [--data-dir DIR] [--allow-key-mismatch]

        Checks PATH (PRAGMA integrity_check, a portal database at a migration level this build knows),
        takes the data directory's lock (refused while a server runs), sets the current database aside
        as portal.sqlite.before-restore-<time>, moves a copy of PATH into place atomically and migrates
        it to the current level.

        \(DataDirectoryOption.help)
          --allow-key-mismatch  restore even though the backup's secrets were sealed with another
                                secret.key (TOTP secrets then cannot be opened)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["data-dir"], flagOptions: ["allow-key-mismatch"])
        guard options.positionals.count == 1 else { throw UsageError(description: "give exactly one PATH") }
        let directory = DataDirectoryOption.directory(options)
        let info = try DatabaseRestore.restore(
            from: options.positionals[0], into: directory, allowKeyMismatch: options.flag("allow-key-mismatch"),
            now: SystemClock().seconds)
        print(
            "restored \(options.positionals[0]) (\(info.bytes) bytes, \(info.tenants) tenants, level \(info.level)) into \(directory.databasePath)"
        )
        return 0
    }
}
