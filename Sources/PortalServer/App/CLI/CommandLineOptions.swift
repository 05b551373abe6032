#if canImport(Glibc)
    import Glibc
#endif

/// A command-line usage error: printed with the command's help, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// Parsed arguments of one command: `--name value`, `--name=value`, bare `--flag`s and positionals.
///
/// Every option can be declared with a `PORTAL_*` environment variable as fallback, so the lookup
/// order is the one DESIGN.md fixes: flag, then environment, then the caller's default.
struct CommandLineOptions {
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
    let environment: [String: String]

    /// Parses `arguments`; `valueOptions` take a value, `flagOptions` do not. Anything else starting
    /// with `--` is a usage error, so a typo never silently becomes a default.
    init(
        _ arguments: [String], valueOptions: Set<String>, flagOptions: Set<String>,
        environment: [String: String] = CommandLineOptions.processEnvironment()
    ) throws(UsageError) {
        self.environment = environment
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if flagOptions.contains(name) {
                guard inlineValue == nil else { throw UsageError(description: "--\(name) takes no value") }
                flags.insert(name)
            } else if valueOptions.contains(name) {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError(description: "--\(name) needs a value") }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                throw UsageError(description: "unknown option --\(name)")
            }
        }
    }

    /// The option's value: the flag, else the environment variable `env`, else nil.
    func string(_ name: String, env: String? = nil) -> String? {
        if let value = values[name] { return value }
        if let env, let value = environment[env], !value.isEmpty { return value }
        return nil
    }

    /// An integer option within `range`; a value that is not one is a usage error.
    func int(_ name: String, env: String? = nil, default defaultValue: Int, range: ClosedRange<Int>) throws(UsageError)
        -> Int
    {
        guard let text = string(name, env: env) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(description: "--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// True when the bare flag was given, or the environment variable is `1`, `true` or `yes`.
    func flag(_ name: String, env: String? = nil) -> Bool {
        if flags.contains(name) { return true }
        if let env, let value = environment[env]?.lowercased() { return ["1", "true", "yes"].contains(value) }
        return false
    }

    /// The process environment as a dictionary.
    static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            pointer += 1
        }
        return result
    }
}
