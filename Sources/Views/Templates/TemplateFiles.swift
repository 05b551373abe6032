import Foundation

/// The template files of a directory: names, paths and change stamps, read and compiled together.
struct TemplateFiles: Sendable {
    /// One template file.
    struct File: Sendable, Equatable {
        /// Relative path without the extension, `/`-separated: the template's name.
        let name: String
        /// Path as given to the library plus the relative path (what errors show).
        let path: String
        /// Modification time and size, to notice edits while reloading.
        let stamp: Stamp
    }

    /// What identifies a file version without reading it.
    struct Stamp: Sendable, Equatable {
        let modified: Double
        let size: Int
    }

    /// The files, sorted by name.
    let files: [File]
    private let options: TemplateLibrary.Options

    /// Lists every `*.<extension>` file under `directory`, skipping hidden files and folders.
    static func scan(_ directory: String, options: TemplateLibrary.Options) throws(TemplateError) -> TemplateFiles {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .file(directory, "template directory not found")
        }
        guard let enumerator = manager.enumerator(atPath: directory) else {
            throw .file(directory, "cannot list the template directory")
        }
        let suffix = "." + options.fileExtension
        var files: [File] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(suffix), !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else {
                continue
            }
            let path = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
            guard let attributes = try? manager.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            files.append(
                File(name: String(relative.dropLast(suffix.count)), path: path, stamp: Stamp(modified: modified, size: size)))
        }
        return TemplateFiles(files: files.sorted { $0.name < $1.name }, options: options)
    }

    /// No files: a library made only of sources.
    static let none = TemplateFiles(files: [], options: TemplateLibrary.Options())

    /// Reads, parses and links every file plus `sources` (which replace files of the same name);
    /// the first error, in name order, is thrown.
    func compile(adding sources: [String: String] = [:], allowMissingPartials: Bool) throws(TemplateError) -> TemplateProgram {
        var parsed: [(name: String, nodes: [TemplateNode])] = []
        for file in files where sources[file.name] == nil {
            parsed.append((file.name, try TemplateParser.parse(try read(file))))
        }
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            parsed.append((name, try TemplateParser.parse(TemplateSource(text, file: name))))
        }
        return try TemplateProgram.link(parsed, allowMissingPartials: allowMissingPartials)
    }

    private func read(_ file: File) throws(TemplateError) -> TemplateSource {
        guard file.stamp.size <= options.maximumFileSize else {
            throw .file(file.path, "template is \(file.stamp.size) bytes, more than the limit of \(options.maximumFileSize)")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw .file(file.path, "cannot read the template")
        }
        guard data.count <= options.maximumFileSize else {
            throw .file(file.path, "template is \(data.count) bytes, more than the limit of \(options.maximumFileSize)")
        }
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw .file(file.path, "template is not valid UTF-8")
        }
        return TemplateSource(bytes: bytes, file: file.path)
    }
}
