import PortalDomain

/// `portal migrate`: applies pending database migrations.
enum MigrateCommand: PortalCommand {
    static let name = "migrate"
    static let summary = "apply pending database migrations"
    static let help = """
        usage: portal migrate [--data-dir DIR]

        Creates the data directory and database if needed and applies every pending migration,
        one transaction each (serve applies them at start-up too). Safe to run again.

        \(DataDirectoryOption.help)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["data-dir"], flagOptions: [])
        guard options.positionals.isEmpty else { throw UsageError(description: "unexpected argument \(options.positionals[0])") }
        let directory = DataDirectoryOption.directory(options)
        try directory.create()
        let key = try directory.loadOrCreateSecretKey()
        let database = try Database.open(path: directory.databasePath)
        let applied = try Migrator.migrate(database, now: SystemClock().seconds)
        _ = try Portal(database: database, keyring: SecretKeyring(key: key), dataDirectory: directory)
        if applied.isEmpty {
            print("database \(directory.databasePath) is up to date at \(Migrator.currentLevel)")
        } else {
            print("applied \(applied.joined(separator: ", ")) to \(directory.databasePath)")
        }
        return 0
    }
}
