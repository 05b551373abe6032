import Testing

@testable import PortalServer

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct StaticFileStoreTests {
    /// A temp public folder with files, a secret next to it and symlinks pointing out.
    final class Fixture {
        let directory: String
        let store: StaticFileStore

        init(reload: Bool = false) throws {
            directory = try TestServer.makeTemporaryDirectory()
            mkdir(directory + "/public", 0o755)
            mkdir(directory + "/public/css", 0o755)
            try TestServer.write(directory + "/public/app.css", "body{color:red}")
            try TestServer.write(directory + "/public/css/site.css", "a{}")
            try TestServer.write(directory + "/public/logo.svg", "<svg/>")
            try TestServer.write(directory + "/public/.env", "SECRET=1")
            try TestServer.write(directory + "/secret.txt", "top secret")
            symlink(directory + "/secret.txt", directory + "/public/link.txt")
            symlink(directory, directory + "/public/up")
            store = StaticFileStore(folder: directory + "/public", reloadChangedFiles: reload)
        }

        deinit { TestServer.removeTree(directory) }

        func get(_ raw: String, headers: [(String, String)] = []) throws -> HTTPResponse {
            let request = try HTTPRequest.get("/static/" + raw, headers: headers)
            return store.response(rawRelativePath: request.rawPath.dropFirst("/static/".count), request: request)
        }
    }

    @Test func servesFilesWithTypeETagAndCaching() throws {
        let fixture = try Fixture()
        #expect(fixture.store.paths == ["app.css", "css/site.css", "logo.svg"])
        let response = try fixture.get("app.css")
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/css; charset=utf-8")
        #expect(response.headers[.cacheControl] == "public, max-age=3600")
        #expect(response.headers[.lastModified]?.hasSuffix(" GMT") == true)
        let etag = try #require(response.headers[.etag])
        #expect(etag.hasPrefix("\"") && etag.count == 34)
        #expect(try fixture.get("logo.svg").headers[.contentType] == "image/svg+xml")
        #expect(try fixture.get("css/site.css").status == .ok)

        let cached = try fixture.get("app.css", headers: [("If-None-Match", "\"other\", \(etag)")])
        #expect(cached.status == .notModified)
        #expect(cached.headers[.etag] == etag)
        #expect(cached.bodyCount == 0)
        #expect(try fixture.get("app.css", headers: [("If-None-Match", "W/\(etag)")]).status == .notModified)
        #expect(try fixture.get("app.css", headers: [("If-None-Match", "\"nope\"")]).status == .ok)
    }

    static let traversals = [
        "../secret.txt", "..%2fsecret.txt", "%2e%2e/secret.txt", "%2E%2E%2Fsecret.txt", "..%5csecret.txt",
        "..\\secret.txt", "css/../app.css", "./app.css", "app.css%00", "app.css%00.png", "%252e%252e/secret.txt",
        "%c0%ae%c0%ae/secret.txt", "%c0%afsecret.txt", "css//site.css", "css/", "", "css", "link.txt", "up/secret.txt",
        ".env", "%2eenv", "app.css/", "/app.css", "css%2fsite.css",
    ]

    @Test(arguments: traversals)
    func refusesTraversalAndNonFiles(_ raw: String) throws {
        let fixture = try Fixture()
        guard let request = try? HTTPRequest.get("/static/" + raw) else { return }  // refused by the parser already
        let response = fixture.store.response(rawRelativePath: request.rawPath.dropFirst("/static/".count), request: request)
        #expect(response.status == .notFound, "\(raw)")
    }

    @Test func developmentModeRereadsChangedFiles() throws {
        let fixture = try Fixture(reload: true)
        #expect(try fixture.get("app.css").bodyCount == 15)
        try TestServer.write(fixture.directory + "/public/app.css", "body{color:blue;margin:0}")
        var times = [timespec(tv_sec: 0, tv_nsec: 0), timespec(tv_sec: 2_000_000_000, tv_nsec: 0)]
        utimensat(AT_FDCWD, fixture.directory + "/public/app.css", &times, 0)
        #expect(try fixture.get("app.css").bodyCount == 25)
        try TestServer.write(fixture.directory + "/public/new.txt", "new")
        #expect(try fixture.get("new.txt").status == .ok)
        #expect(try fixture.get("link.txt").status == .notFound)
    }

    @Test func contentTypes() {
        let expected = [
            "a.css": "text/css; charset=utf-8", "a.js": "text/javascript; charset=utf-8", "a.png": "image/png",
            "a.ico": "image/x-icon", "a.woff2": "font/woff2", "a.txt": "text/plain; charset=utf-8",
            "a.html": "text/html; charset=utf-8", "a.json": "application/json", "a.map": "application/json",
            "a.bin": "application/octet-stream", "A.CSS": "text/css; charset=utf-8",
        ]
        for (name, type) in expected { #expect(StaticFileStore.contentType(for: name) == type, "\(name)") }
    }
}
