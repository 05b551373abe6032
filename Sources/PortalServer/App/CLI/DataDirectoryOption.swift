import PortalDomain

/// The `--data-dir` option the domain commands share: flag, then `PORTAL_DATA_DIR`, then `./data`.
enum DataDirectoryOption {
    /// The option's help line.
    static let help = "  --data-dir DIR     data directory (env PORTAL_DATA_DIR, default ./data)"

    /// The data directory the options name.
    static func directory(_ options: CommandLineOptions) -> DataDirectory {
        DataDirectory(path: options.string("data-dir", env: "PORTAL_DATA_DIR") ?? "./data")
    }

    /// Opens the portal on the named data directory (creating and migrating it).
    static func open(_ options: CommandLineOptions) throws -> Portal {
        try Portal.open(dataDirectory: directory(options))
    }
}
