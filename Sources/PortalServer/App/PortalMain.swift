#if canImport(Glibc)
    import Glibc
#endif

/// Entry point of the `portal` executable: dispatches to one `PortalCommand`.
@main
enum PortalMain {
    /// Every command, in the order `portal --help` lists them.
    static let commands: [any PortalCommand.Type] = [
        VersionCommand.self,
        ServeCommand.self,
        RenderCommand.self,
        MigrateCommand.self,
        SeedDemoCommand.self,
        BackupCommand.self,
        RestoreCommand.self,
        VerifyAuditCommand.self,
        BenchDomainCommand.self,
        DebugWriteStreamCommand.self,
        CreateOwnerCommand.self,
        ResetTwoFactorCommand.self,
        BenchAuthCommand.self,
    ]

    static func main() {
        exit(run(Array(CommandLine.arguments.dropFirst())))
    }

    /// Runs `arguments` (without the program name) and returns the exit status.
    static func run(_ arguments: [String]) -> Int32 {
        guard let name = arguments.first, !["--help", "-h", "help"].contains(name) else {
            print(overview)
            return arguments.isEmpty ? 2 : 0
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            printError("portal: unknown command '\(name)'\n\n\(overview)")
            return 2
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            print(command.help)
            return 0
        }
        do {
            return try command.run(rest)
        } catch let error as UsageError {
            printError("portal \(name): \(error.description)\n\n\(command.help)")
            return 2
        } catch {
            printError("portal \(name): \(error)")
            return 1
        }
    }

    static var overview: String {
        let width = commands.map { $0.name.count }.max() ?? 0
        let lines = commands.map { "  \($0.name)\(String(repeating: " ", count: width - $0.name.count))  \($0.summary)" }
        return "usage: portal <command> [options]   (portal <command> --help for its options)\n\ncommands:\n"
            + lines.joined(separator: "\n")
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    var text = message
    if !text.hasSuffix("\n") { text += "\n" }
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}
