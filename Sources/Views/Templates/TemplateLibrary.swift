/// All templates of a directory (or a dictionary), compiled and linked once, rendered by name.
///
/// Names are paths relative to the directory without the extension: `layouts/owner`,
/// `owner/dashboard`, `partials/pagination`. Partials and parents refer to each other by these
/// names and are resolved when the library loads, so a reference to a missing template is a load
/// error (unless `allowMissingPartials`). Loading throws the first `TemplateError` found.
///
/// With `reloading` (development), the directory is re-checked before a render, at most once per
/// `reloadInterval`, and recompiled when a file was added, removed or changed; a broken edit
/// renders an error page instead of the template until it is fixed.
///
/// `{{x}}` is HTML-escaped. The portal's templates print raw HTML (`{{{x}}}`, `{{&x}}`) only for
/// fields whose name ends in `Html` and whose value comes from `HTMLSanitizer.sanitize` (checked
/// by `TemplatesFolderTests`).
public struct TemplateLibrary: Sendable {
    /// How a library loads and checks its templates.
    public struct Options: Sendable {
        /// Re-check the directory before rendering and recompile on change (development mode).
        public var reloading: Bool
        /// Least time between two checks of the directory while reloading.
        public var reloadInterval: Duration
        /// Render a partial or parent that names no template as nothing, as the Mustache spec says,
        /// instead of refusing to load.
        public var allowMissingPartials: Bool
        /// Largest template file accepted, in bytes.
        public var maximumFileSize: Int
        /// Extension of template files, without the dot.
        public var fileExtension: String

        /// Options with production defaults: no reloading, missing partials are errors, 1 MiB files.
        public init(
            reloading: Bool = false, reloadInterval: Duration = .milliseconds(200), allowMissingPartials: Bool = false,
            maximumFileSize: Int = 1 << 20, fileExtension: String = "mustache"
        ) {
            self.reloading = reloading
            self.reloadInterval = reloadInterval
            self.allowMissingPartials = allowMissingPartials
            self.maximumFileSize = maximumFileSize
            self.fileExtension = fileExtension
        }
    }

    private enum Storage: Sendable {
        case fixed(TemplateProgram)
        case reloading(TemplateReloader)
    }

    private let storage: Storage

    /// Loads and compiles every template under `directory` (recursively), plus `templates` given
    /// as sources by name (a source replaces a file of the same name).
    public init(directory: String, templates: [String: String] = [:], options: Options = Options()) throws(TemplateError) {
        let files = try TemplateFiles.scan(directory, options: options)
        let program = try files.compile(adding: templates, allowMissingPartials: options.allowMissingPartials)
        if options.reloading {
            storage = .reloading(
                TemplateReloader(directory: directory, templates: templates, options: options, files: files, program: program))
        } else {
            storage = .fixed(program)
        }
    }

    /// Compiles templates given as sources by name (tests, tools); errors name the template.
    public init(templates: [String: String], options: Options = Options()) throws(TemplateError) {
        storage = .fixed(try TemplateFiles.none.compile(adding: templates, allowMissingPartials: options.allowMissingPartials))
    }

    /// The program to render with: in reloading mode, the latest successfully compiled one.
    private var program: (TemplateProgram, TemplateError?) {
        switch storage {
        case .fixed(let program): (program, nil)
        case .reloading(let reloader): reloader.current()
        }
    }

    /// The names of all templates, sorted.
    public var names: [String] { program.0.names.keys.sorted() }

    /// Whether a template called `name` exists.
    public func contains(_ name: String) -> Bool { program.0.names[name] != nil }

    /// Renders template `name` with `value` as the context.
    ///
    /// Never throws: missing keys render as nothing. Rendering a name that does not exist is a
    /// programmer error (the library was loaded with every template at start-up).
    public func render(_ name: String, _ value: TemplateValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(16_384)
        render(name, value, into: &output)
        return output
    }

    /// Renders template `name`, appending to `output` (reuse one buffer across renders).
    public func render(_ name: String, _ value: TemplateValue, into output: inout [UInt8]) {
        let (program, error) = self.program
        if let error {
            output += Array(TemplateReloader.errorPage(error).utf8)
            return
        }
        guard let index = program.template(named: name) else {
            if case .reloading = storage {
                output += Array(TemplateReloader.errorPage(.file(name, "no template named '\(name)'")).utf8)
                return
            }
            preconditionFailure("TemplateLibrary.render: no template named '\(name)' (known: \(names.joined(separator: ", ")))")
        }
        TemplateRenderer.render(program, template: index, value, into: &output)
    }

    /// Renders template `name` into a String (tests and tools; servers should use the bytes).
    public func renderString(_ name: String, _ value: TemplateValue) -> String {
        String(decoding: render(name, value), as: UTF8.self)
    }
}
