/// The stateless syntax rules of the request head (RFC 9112 §3, §5, §6; RFC 9110 §5, §8.6, §10.1.1).
extension HTTPRequestParser {
    /// Parses `method SP request-target SP HTTP-version` (RFC 9112 §3) with single spaces only.
    static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) {
        guard let firstSpace = line.firstIndex(of: 32) else { throw .badRequest("malformed request line") }
        let afterMethod = line.index(after: firstSpace)
        guard let secondSpace = line[afterMethod...].firstIndex(of: 32) else { throw .badRequest("malformed request line") }
        let methodBytes = line[line.startIndex..<firstSpace]
        let targetBytes = line[afterMethod..<secondSpace]
        let versionBytes = line[line.index(after: secondSpace)...]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(HTTPRequestParser.isTokenByte) else {
            throw .badRequest("malformed method")
        }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw .badRequest("malformed request target")
        }
        let version: HTTPVersion
        if versionBytes.elementsEqual("HTTP/1.1".utf8) {
            version = .http11
        } else if versionBytes.elementsEqual("HTTP/1.0".utf8) {
            version = .http10
        } else if versionBytes.count == 8, versionBytes.starts(with: "HTTP/".utf8),
            isDigit(versionBytes[versionBytes.startIndex + 5]), versionBytes[versionBytes.startIndex + 6] == 46,
            isDigit(versionBytes[versionBytes.startIndex + 7])
        {
            throw .versionNotSupported
        } else {
            throw .badRequest("malformed HTTP version")
        }
        let method = HTTPMethod(String(decoding: methodBytes, as: UTF8.self))
        // RFC 9110 §9.1: an unrecognised method is 501.
        guard HTTPMethod.implemented.contains(method) else { throw .notImplemented("method \(method)") }
        return (method, String(decoding: targetBytes, as: UTF8.self), version)
    }

    /// Parses `field-name ":" OWS field-value OWS` (RFC 9112 §5) with no obs-fold and no space before the colon.
    static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPField {
        guard let first = line.first else { throw .badRequest("empty field line") }
        // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is refused with 400.
        if first == 32 || first == 9 { throw .badRequest("obsolete line folding") }
        guard let colon = line.firstIndex(of: 58) else { throw .badRequest("field line without colon") }
        let name = line[line.startIndex..<colon]
        // RFC 9112 §5.1: no whitespace between field name and colon; the name is a token.
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw .badRequest("malformed field name") }
        var valueStart = line.index(after: colon)
        var valueEnd = line.endIndex
        while valueStart < valueEnd, line[valueStart] == 32 || line[valueStart] == 9 { valueStart += 1 }
        while valueEnd > valueStart, line[valueEnd - 1] == 32 || line[valueEnd - 1] == 9 { valueEnd -= 1 }
        let value = line[valueStart..<valueEnd]
        // RFC 9110 §5.5: field-vchar / SP / HTAB; NUL, CR, LF and other controls are refused.
        for byte in value where (byte < 32 && byte != 9) || byte == 127 {
            throw .badRequest("control character in field value")
        }
        return HTTPField(
            name: HTTPHeaderName(String(decoding: name, as: UTF8.self)), value: String(decoding: value, as: UTF8.self))
    }

    /// Applies the framing rules of RFC 9112 §6 and the connection semantics of §9.3 to a parsed head.
    static func applyFraming(_ head: inout HTTPRequestHead) throws(HTTPParseError) {
        var hostCount = 0
        var lengths: [Substring] = []
        var codings: [String] = []
        var expectations: [String] = []
        for field in head.headers {
            switch field.name.canonical {
            case "host": hostCount += 1
            case "content-length": lengths.append(contentsOf: field.value.split(separator: ",", omittingEmptySubsequences: false))
            case "transfer-encoding":
                for coding in field.value.split(separator: ",") {
                    codings.append(HTTPHeaderName.asciiLowercased(String(coding.trimmingASCIIWhitespace())))
                }
            case "expect": expectations.append(HTTPHeaderName.asciiLowercased(field.value))
            default: break
            }
        }
        // RFC 9112 §3.2: exactly one Host in HTTP/1.1, never more than one in any version.
        if hostCount > 1 { throw .badRequest("repeated Host") }
        if hostCount == 0, head.version == .http11 { throw .badRequest("missing Host") }
        if let host = head.headers[.host], !HTTPRequestTarget.isPlausibleHost(host) { throw .badRequest("malformed Host") }
        if !codings.isEmpty {
            // RFC 9112 §6.1: TE with Content-Length is a smuggling vector; TE in HTTP/1.0 is faulty framing.
            if !lengths.isEmpty { throw .badRequest("both Content-Length and Transfer-Encoding") }
            if head.version == .http10 { throw .badRequest("Transfer-Encoding in HTTP/1.0") }
            guard codings.last == "chunked" else { throw .badRequest("chunked is not the final transfer coding") }
            guard codings.count == 1 else { throw .notImplemented("transfer coding \(codings.joined(separator: ", "))") }
            head.isChunked = true
        } else if !lengths.isEmpty {
            // RFC 9110 §8.6: a list of identical values is one length; anything else is refused.
            var length: Int?
            for text in lengths {
                let trimmed = text.trimmingASCIIWhitespace()
                guard !trimmed.isEmpty, trimmed.utf8.count <= 18, trimmed.utf8.allSatisfy(isDigit),
                    let value = Int(trimmed)
                else { throw .badRequest("malformed Content-Length") }
                if let length, length != value { throw .badRequest("conflicting Content-Length") }
                length = value
            }
            head.contentLength = length
        }
        for expectation in expectations {
            // RFC 9110 §10.1.1: only 100-continue is defined; anything else is 417.
            guard expectation == "100-continue" else { throw .expectationFailed }
            if head.version == .http11 { head.expectsContinue = true }
        }
        if head.version == .http11 {
            head.keepAlive = !head.headers.containsToken("close", in: .connection)
        } else {
            head.keepAlive =
                head.headers.containsToken("keep-alive", in: .connection)
                && !head.headers.containsToken("close", in: .connection)
        }
    }

    // MARK: bytes

    /// tchar (RFC 9110 §5.6.2).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: true
        default: false
        }
    }

    /// DIGIT.
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// The value of a HEXDIG, or nil.
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: Int(byte - 48)
        case 65...70: Int(byte - 55)
        case 97...102: Int(byte - 87)
        default: nil
        }
    }
}
