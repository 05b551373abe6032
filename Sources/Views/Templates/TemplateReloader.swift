import Foundation
import Synchronization

/// Development mode of a `TemplateLibrary`: a compiled snapshot swapped under a lock when the
/// directory changes.
///
/// The check (a directory listing with modification times and sizes) runs at most once per
/// `reloadInterval`, inside the lock, so concurrent renders wait for one recompile instead of
/// each doing their own. A failed recompile keeps the last good program and remembers the error,
/// which renders as an error page until the next successful compile.
final class TemplateReloader: Sendable {
    private struct State: Sendable {
        var files: TemplateFiles
        var program: TemplateProgram
        var error: TemplateError?
        var lastCheck: ContinuousClock.Instant
    }

    private let directory: String
    private let templates: [String: String]
    private let options: TemplateLibrary.Options
    private let state: Mutex<State>

    /// Starts from an already compiled program of `directory` (plus `templates` sources).
    init(
        directory: String, templates: [String: String], options: TemplateLibrary.Options, files: TemplateFiles,
        program: TemplateProgram
    ) {
        self.directory = directory
        self.templates = templates
        self.options = options
        state = Mutex(State(files: files, program: program, error: nil, lastCheck: .now))
    }

    /// The program to render with, after a check if the interval has passed, and the pending error.
    func current() -> (TemplateProgram, TemplateError?) {
        state.withLock { state in
            let now = ContinuousClock.now
            if now - state.lastCheck >= options.reloadInterval {
                state.lastCheck = now
                refresh(&state)
            }
            return (state.program, state.error)
        }
    }

    private func refresh(_ state: inout State) {
        do {
            let files = try TemplateFiles.scan(directory, options: options)
            guard files.files != state.files.files else { return }
            state.files = files
            state.program = try files.compile(adding: templates, allowMissingPartials: options.allowMissingPartials)
            state.error = nil
        } catch {
            state.error = error
        }
    }

    /// A minimal HTML page showing a template error (development mode only).
    static func errorPage(_ error: TemplateError) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Template error</title></head>"
            + "<body><h1>Template error</h1><pre>\(HTML.escape(error.description))</pre></body></html>\n"
    }
}
