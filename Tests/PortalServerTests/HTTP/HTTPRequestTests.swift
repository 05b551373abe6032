import Testing

@testable import PortalServer

@Suite struct HTTPRequestTests {
    @Test func decodesPathAndQuery() throws {
        let request = try HTTPRequest.mock("GET /caf%C3%A9/a%20b?q=a+b&q=%26&empty=&flag HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(request.path == "/café/a b")
        #expect(request.query("q") == "a b")
        #expect(request.queryValues("q") == ["a b", "&"])
        #expect(request.query("empty") == "")
        #expect(request.query("flag") == "")
        #expect(request.query("missing") == nil)
    }

    @Test func refusesPathsThatDoNotDecode() {
        for target in ["/a%00b", "/%C0%AF", "/%FF", "/%E2%82"] {
            #expect(throws: HTTPParseError.self, "\(target)") {
                try HTTPRequest.mock("GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n")
            }
        }
    }

    @Test func parsesCookies() throws {
        let request = try HTTPRequest.mock(
            "GET / HTTP/1.1\r\nHost: a\r\nCookie: session=abc; theme=\"dark\"; session=later\r\nCookie: other=1\r\n\r\n")
        #expect(request.cookies == ["session": "abc", "theme": "dark", "other": "1"])
        #expect(request.cookie("missing") == nil)
    }

    @Test func parsesFormFields() throws {
        let body = "name=Jo+Doe&tag=a&tag=b%2Bc&empty=&email=jo%40example.com"
        let request = try HTTPRequest.mock(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded; charset=UTF-8\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        )
        let form = try request.formFields()
        #expect(form["name"] == "Jo Doe")
        #expect(form.values("tag") == ["a", "b+c"])
        #expect(form["empty"] == "")
        #expect(form["email"] == "jo@example.com")
    }

    @Test func formFieldsNeedFormContentType() throws {
        let request = try HTTPRequest.mock(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        #expect(throws: HTTPError.self) { try request.formFields() }
    }

    @Test func setCookieBuildsAttributes() {
        var response = HTTPResponse.redirect(to: "/owner")
        response.setCookie("sid", "abc123", maxAge: 3600, sameSite: .strict)
        #expect(response.headers[.setCookie] == "sid=abc123; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict")
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/owner")
    }

    @Test func headersAreCaseInsensitiveAndOrdered() {
        var headers = HTTPHeaders()
        headers.add("X-A", "1")
        headers.add("x-a", "2")
        headers.add("X-B", "3")
        #expect(headers["X-A"] == "1")
        #expect(headers.values(for: "X-A") == ["1", "2"])
        headers.replace("X-a", with: "9")
        #expect(headers.values(for: "X-A") == ["9"])
        #expect(headers.fields.map(\.name.rawValue) == ["X-A", "X-B"])
        headers.remove("x-b")
        #expect(headers.count == 1)
    }

    @Test func routeParametersRequire() throws {
        let parameters = RouteParameters([("id", "42"), ("slug", "x")])
        #expect(try parameters.require("id", as: Int64.self) == 42)
        #expect(try parameters.require("slug") == "x")
        #expect(throws: HTTPError.self) { try parameters.require("slug", as: Int64.self) }
        #expect(throws: HTTPError.self) { try parameters.require("missing", as: Int64.self) }
    }
}
