import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The files of a public folder, loaded into memory at start-up with pre-built headers, served by exact
/// lookup. Nothing outside the folder can be reached: every file's real path (symlinks resolved) must lie
/// inside the folder's real path, and request paths that are not clean relative paths are refused before
/// the lookup. Hidden files (`.name`) are skipped; there is no directory listing.
final class StaticFileStore: Sendable {
    /// One loaded file.
    struct File: Sendable {
        /// The content, shared by every response.
        let body: [UInt8]
        /// Pre-built fields: Content-Type, ETag, Last-Modified, Cache-Control.
        let fields: [HTTPField]
        /// The strong ETag, quoted.
        let etag: String
        /// Modification time and size when loaded (dev-mode reloads compare them).
        let modified: Int
        /// Size when loaded.
        let size: Int
    }

    /// The folder's real path.
    let root: String
    /// Development mode: re-read files that changed on disk, pick up new ones.
    let reloadChangedFiles: Bool
    /// `Cache-Control` for every file.
    let cacheControl: String
    private let files: Mutex<[String: File]>

    /// Loads every regular file under `folder`. A missing folder gives an empty store.
    init(folder: String, reloadChangedFiles: Bool = false, cacheControl: String = "public, max-age=3600") {
        let root = StaticFileStore.realPath(folder) ?? folder
        self.root = root
        self.reloadChangedFiles = reloadChangedFiles
        self.cacheControl = cacheControl
        var table: [String: File] = [:]
        StaticFileStore.walk(root: root, relative: "") { relative in
            if let file = StaticFileStore.load(root: root, relative: relative, cacheControl: cacheControl) {
                table[relative] = file
            }
        }
        files = Mutex(table)
    }

    /// The relative paths served, sorted.
    var paths: [String] { files.withLock { $0.keys.sorted() } }

    /// The file for a clean relative path (see `cleanRelativePath`).
    func file(_ relative: String) -> File? {
        let cached = files.withLock { $0[relative] }
        guard reloadChangedFiles else { return cached }
        var info = stat()
        guard stat(root + "/" + relative, &info) == 0 else { return nil }
        if let cached, cached.modified == info.st_mtim.tv_sec, cached.size == Int(info.st_size) { return cached }
        guard let fresh = StaticFileStore.load(root: root, relative: relative, cacheControl: cacheControl) else { return nil }
        files.withLock { $0[relative] = fresh }
        return fresh
    }

    /// Answers GET/HEAD for the part of the raw path after the mount point (still percent-encoded).
    func response(rawRelativePath: Substring, request: HTTPRequest) -> HTTPResponse {
        guard let relative = StaticFileStore.cleanRelativePath(rawRelativePath), let file = file(relative) else {
            return HTTPResponse.text("404 Not Found\n", status: .notFound)
        }
        if let match = request.headers[.ifNoneMatch], StaticFileStore.matches(match, etag: file.etag) {
            return HTTPResponse(status: .notModified, headers: HTTPHeaders(fields: Array(file.fields.dropFirst())))
        }
        return HTTPResponse(status: .ok, headers: HTTPHeaders(fields: file.fields), body: file.body)
    }

    /// A handler for a route `…/*` (the wildcard is the file's path).
    func handler(mountPoint: String) -> HTTPHandler {
        let prefixLength = mountPoint.utf8.count
        return { [self] request, _ in
            let raw = request.rawPath.utf8.count > prefixLength ? request.rawPath.dropFirst(prefixLength) : ""
            return response(rawRelativePath: raw, request: request)
        }
    }

    /// Decodes and checks a request's relative path; nil unless it is a clean relative path: no empty,
    /// `.` or `..` segment, no backslash, NUL or control character, no hidden segment, no encoded `/`, `\`
    /// or `%` (double encoding), valid UTF-8 (so no overlong forms).
    static func cleanRelativePath(_ raw: Substring) -> String? {
        guard !raw.isEmpty else { return nil }
        let lower = HTTPHeaderName.asciiLowercased(String(raw))
        for banned in ["%2f", "%5c", "%25", "%00", "%2e"] where lower.contains(banned) { return nil }
        guard let decoded = HTTPRequestTarget.percentDecode(raw) else { return nil }
        guard !decoded.utf8.contains(where: { $0 < 32 || $0 == 127 || $0 == 92 }) else { return nil }
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, !segment.hasPrefix(".") else { return nil }
        }
        return decoded
    }

    /// If-None-Match (RFC 9110 §13.1.2) with weak comparison: `*` or any listed tag equal to ours.
    static func matches(_ header: String, etag: String) -> Bool {
        for item in header.split(separator: ",") {
            var tag = item.trimmingASCIIWhitespace()
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            if tag == etag { return true }
        }
        return false
    }

    /// The media type for a file name's extension.
    static func contentType(for name: String) -> String {
        let ext = name.split(separator: ".").last.map { HTTPHeaderName.asciiLowercased(String($0)) } ?? ""
        switch ext {
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "txt": return "text/plain; charset=utf-8"
        case "html": return "text/html; charset=utf-8"
        case "json", "map": return "application/json"
        default: return "application/octet-stream"
        }
    }

    // MARK: loading

    private static func load(root: String, relative: String, cacheControl: String) -> File? {
        let path = root + "/" + relative
        // The real path must stay inside the root: symlinks out of the folder are not served.
        guard let real = realPath(path), real.hasPrefix(root + "/") else { return nil }
        let fd = open(real, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        var body = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = body.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, size - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            offset += count
        }
        let etag = "\"" + contentHash(body) + "\""
        let fields = [
            HTTPField(name: .contentType, value: contentType(for: relative)),
            HTTPField(name: .etag, value: etag),
            HTTPField(name: .lastModified, value: HTTPDateCache.format(info.st_mtim.tv_sec)),
            HTTPField(name: .cacheControl, value: cacheControl),
        ]
        return File(body: body, fields: fields, etag: etag, modified: info.st_mtim.tv_sec, size: size)
    }

    private static func walk(root: String, relative: String, _ visit: (String) -> Void) {
        let path = relative.isEmpty ? root : root + "/" + relative
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasPrefix(".") { continue }
            names.append(name)
        }
        for name in names.sorted() {
            let child = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard stat(root + "/" + child, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                // Only descend into directories that are really inside the root (no symlink loops out).
                guard let real = realPath(root + "/" + child), real.hasPrefix(root + "/") else { continue }
                walk(root: root, relative: child, visit)
            } else if (info.st_mode & S_IFMT) == S_IFREG {
                visit(child)
            }
        }
    }

    /// The canonical absolute path (symlinks resolved), or nil.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Two 64-bit FNV-1a variants over the content: a 128-bit validator (a cache key, not a MAC).
    static func contentHash(_ bytes: [UInt8]) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01B3
        }
        return String(first, radix: 16).leftPadded(to: 16) + String(second, radix: 16).leftPadded(to: 16)
    }
}
