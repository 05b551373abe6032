import Foundation
import Views

/// `portal render`: renders a template with JSON data, for template authors; also checks a
/// template folder and times the engine (`--bench`).
enum RenderCommand: PortalCommand {
    static let name = "render"
    static let summary = "render a template with JSON data (template authors, benchmarks)"
    static let help = """
        usage: portal render --template FILE --data JSON [--partials DIR] [--bench N]
               portal render --check DIR [--bench N]
               portal render --bench-page BENCH_DIR [--bench N]

        Renders FILE (Mustache) with the JSON context and prints the result to standard output.
        Parse errors go to standard error with file, line and column; the exit status is then 1.

        options:
          --template FILE      the template to render
          --data JSON          the context: a JSON file, '-' for standard input, or inline JSON
                               starting with '{' or '['
          --partials DIR       load every *.mustache under DIR as partials and parents, named by
                               their path relative to DIR without the extension (layouts/owner)
          --check DIR          compile every template under DIR and report the first error
          --bench-page DIR     render the benchmark page of DIR (shared/bench: templates/ and
                               templates/tenants.tsv), as `serve --bench-fixtures` does for /page
          --bench N            time instead of printing: loading + compiling (median of up to 50
                               loads) and rendering (median over 20 batches, N renders in all)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(
            arguments, valueOptions: ["template", "data", "partials", "check", "bench-page", "bench"], flagOptions: [])
        let bench = try options.int("bench", default: 0, range: 0...100_000_000)
        if let directory = options.string("check") {
            return try check(directory, bench: bench)
        }
        if let directory = options.string("bench-page") {
            return try benchPage(directory, bench: max(bench, 1))
        }
        guard let file = options.string("template") else { throw UsageError(description: "--template FILE is required") }
        guard let data = options.string("data") else { throw UsageError(description: "--data JSON is required") }
        let job = try Job(templateFile: file, data: data, partials: options.string("partials"))
        guard bench > 0 else {
            FileHandle.standardOutput.write(Data(job.render()))
            return 0
        }
        let loadTime = Stopwatch.median(runs: min(bench, 50)) { _ = try? job.load() }
        let count = job.library.names.count
        print("template: \(file) (\(count) templates loaded and compiled in \(Stopwatch.format(loadTime, unit: .ms)))")
        reportRenders(bench) { job.render() }
        return 0
    }

    /// Something `render` cannot do, printed as `portal render: <description>` with exit status 1.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A template, its partials and its context, loaded and ready to render.
    struct Job {
        let templateFile: String
        let source: String
        let partials: String?
        let context: TemplateValue
        let library: TemplateLibrary

        /// Reads the template and the JSON (a file, `-` for standard input, or inline `{…}`/`[…]`),
        /// and compiles the template with the partials directory.
        init(templateFile: String, data: String, partials: String?) throws {
            self.templateFile = templateFile
            self.partials = partials
            guard let bytes = FileManager.default.contents(atPath: templateFile), let text = String(data: bytes, encoding: .utf8)
            else {
                throw Failure(description: "cannot read template \(templateFile)")
            }
            source = text
            do {
                context = try TemplateValue(json: try Self.readData(data))
            } catch {
                throw Failure(description: "invalid JSON in --data: \(error.localizedDescription)")
            }
            library = try Self.load(templateFile, source, partials)
        }

        /// Compiles again (what `--bench` times).
        func load() throws -> TemplateLibrary { try Self.load(templateFile, source, partials) }

        /// The rendering.
        func render() -> [UInt8] { library.render(templateFile, context) }

        private static func load(_ file: String, _ source: String, _ partials: String?) throws(TemplateError) -> TemplateLibrary {
            if let partials { return try TemplateLibrary(directory: partials, templates: [file: source]) }
            return try TemplateLibrary(templates: [file: source])
        }

        private static func readData(_ argument: String) throws -> Data {
            if argument == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
            if argument.hasPrefix("{") || argument.hasPrefix("[") { return Data(argument.utf8) }
            guard let data = FileManager.default.contents(atPath: argument) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: argument])
            }
            return data
        }
    }

    /// `--check DIR`: compiles everything under DIR.
    private static func check(_ directory: String, bench: Int) throws -> Int32 {
        let library = try TemplateLibrary(directory: directory)
        guard bench > 0 else {
            print("\(directory): \(library.names.count) templates compile")
            return 0
        }
        let time = Stopwatch.median(runs: bench) { _ = try? TemplateLibrary(directory: directory) }
        print(
            "\(directory): \(library.names.count) templates loaded and compiled in \(Stopwatch.format(time, unit: .ms)) (median of \(bench))"
        )
        return 0
    }

    /// `--bench-page DIR`: the `/page` renderer of `serve --bench-fixtures`.
    private static func benchPage(_ directory: String, bench: Int) throws -> Int32 {
        let page = try BenchFixturePage(benchDirectory: directory)
        let loadTime = Stopwatch.median(runs: min(bench, 50)) { _ = try? BenchFixturePage(benchDirectory: directory) }
        print(
            "bench page: \(directory) (templates + tenants.tsv loaded and compiled in \(Stopwatch.format(loadTime, unit: .ms)))")
        reportRenders(bench) { page.render() }
        return 0
    }

    private static func reportRenders(_ count: Int, _ render: () -> [UInt8]) {
        let bytes = render().count
        let batches = min(20, count)
        let perBatch = max(1, count / batches)
        for _ in 0..<max(1, perBatch / 2) { _ = render() }  // warm-up
        var samples: [Duration] = []
        for _ in 0..<batches {
            let elapsed = ContinuousClock().measure {
                for _ in 0..<perBatch { _ = render() }
            }
            samples.append(elapsed / perBatch)
        }
        samples.sort()
        print(
            "render: \(Stopwatch.format(samples[samples.count / 2], unit: .us)) per render (median of \(batches) batches of \(perBatch);"
                + " min \(Stopwatch.format(samples[0], unit: .us))), \(bytes) bytes")
    }
}
