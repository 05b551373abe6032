/// One subcommand of the `portal` executable.
///
/// A command prints its own `help` for `--help`, reads its options with `CommandLineOptions`
/// and returns the process exit status. Usage errors are thrown as `UsageError` (exit 2).
protocol PortalCommand: Sendable {
    /// The word after `portal`.
    static var name: String { get }
    /// One line for `portal --help`.
    static var summary: String { get }
    /// The full `--help` text: usage line, options with their environment variables and defaults.
    static var help: String { get }
    /// Runs the command with the arguments after its name.
    static func run(_ arguments: [String]) throws -> Int32
}
