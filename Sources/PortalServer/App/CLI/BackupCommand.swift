import Foundation
import PortalDomain

/// `portal backup PATH`: an online, consistent copy of the database.
enum BackupCommand: PortalCommand {
    static let name = "backup"
    static let summary = "write an online backup of the database to PATH"
    static let help = """
        usage: portal backup PATH [--data-dir DIR]

        Copies the database with SQLite's online backup API while the server keeps running, through a
        temporary file renamed into PATH (mode 0600). Refuses an existing PATH. The data directory's
        secret.key is not in the backup: keep a copy of it too, or TOTP secrets cannot be decrypted.

        \(DataDirectoryOption.help)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["data-dir"], flagOptions: [])
        guard options.positionals.count == 1 else { throw UsageError(description: "give exactly one PATH") }
        let portal = try DataDirectoryOption.open(options)
        let bytes = try DatabaseRestore.backup(portal.database, to: options.positionals[0])
        print("backup written to \(options.positionals[0]) (\(bytes) bytes)")
        print("remember: \(DataDirectoryOption.directory(options).secretKeyPath) is not in the backup; keep it safe separately")
        return 0
    }
}
