/// The plain-HTTP listener's only answer: 308 to the same target over HTTPS, never content.
enum RedirectResponder {
    /// The redirect for `head`, or 400 when neither the request's Host nor a configured public host is usable
    /// (a Host with anything but a plain name or address could turn the redirect into an open redirect).
    static func response(for head: HTTPRequestHead, configuration: HTTPServer.Configuration, boundPort: Int) -> HTTPResponse {
        let port = configuration.publicPort ?? boundPort
        let host = head.headers[.host].flatMap(hostName) ?? configuration.publicHost
        guard let host else {
            var response = HTTPResponse.text("400 Bad Request\n", status: .badRequest)
            SecurityHeadersMiddleware.apply(to: &response.headers)
            return response
        }
        let authority = port == 443 ? host : "\(host):\(port)"
        let target = head.target.hasPrefix("/") ? head.target : "/"
        var response = HTTPResponse.redirect(to: "https://\(authority)\(target)", status: .permanentRedirect)
        SecurityHeadersMiddleware.apply(to: &response.headers)
        return response
    }

    /// The host part of a Host value when it is a DNS name, IPv4 or bracketed IPv6 literal (port dropped).
    static func hostName(_ value: String) -> String? {
        var host = Substring(value)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let literal = host[host.index(after: host.startIndex)..<close]
            guard !literal.isEmpty, literal.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            let rest = host[host.index(after: close)...]
            guard
                rest.isEmpty
                    || (rest.first == ":" && rest.dropFirst().allSatisfy(\.isASCII) && rest.dropFirst().allSatisfy(\.isNumber))
            else {
                return nil
            }
            return String(host[...close])
        }
        if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            host = host[..<colon]
        }
        guard !host.isEmpty, host.utf8.count <= 253 else { return nil }
        for label in host.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-"),
                label.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 })
            else { return nil }
        }
        return HTTPHeaderName.asciiLowercased(String(host))
    }
}
