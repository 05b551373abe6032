/// A strict, incremental HTTP/1.1 request parser (RFC 9112): a socket-free value type fed byte strings.
///
/// Feed bytes with `append`, then call `next()` until it returns nil (more bytes needed). Every request
/// yields `.head` first and then `.body` with the complete body (empty when there is none). Between the
/// two the connection may lower the body limit for the matched route (`setBodyLimit`) and send
/// `100 Continue`. Limits come from `HTTPLimits`; after any error the parser stays failed, since the
/// framing of what follows can no longer be trusted (the connection must close).
///
/// Unlike FlyingFox's decoder this one caps every part of the head, refuses ambiguous framing and keeps
/// duplicate fields as separate lines.
struct HTTPRequestParser: Sendable {
    /// What `next()` produced.
    enum Event: Sendable {
        /// A complete, validated head.
        case head(HTTPRequestHead)
        /// The complete body of the request whose head came last (empty when it has none).
        case body([UInt8])
    }

    private enum State: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(size: Int, count: Int)
        case failed(HTTPParseError)
    }

    /// The limits in force.
    let limits: HTTPLimits
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the head scan resumes, so a head that arrives byte by byte is still scanned once.
    private var scan = 0
    private var lineStart = 0
    private var lines: [Range<Int>] = []
    private var state = State.head
    private var bodyLimit: Int
    private var body: [UInt8] = []
    private var declaredLength: Int?

    /// A parser with `limits`.
    init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
        self.bodyLimit = limits.maxBody
    }

    /// Bytes received but not yet consumed by a complete event.
    var bufferedByteCount: Int { buffer.count - start }

    /// True between requests with nothing buffered: the connection is idle.
    var isIdle: Bool {
        if case .head = state, start == buffer.count { return true }
        return false
    }

    /// Adds received bytes.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes.
    mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Sets the body limit of the request whose head was just returned (a route's own limit).
    mutating func setBodyLimit(_ limit: Int) {
        bodyLimit = limit
    }

    /// Frees the buffer's storage when nothing is buffered and it grew past 2 KiB, so idle connections
    /// stay small without a free/malloc pair on every keep-alive request.
    mutating func releaseMemoryIfIdle() {
        guard isIdle, buffer.capacity > 2048 || body.capacity > 0 else { return }
        buffer = []
        lines = []
        body = []
        start = 0
        scan = 0
        lineStart = 0
    }

    /// The next event, or nil when more bytes are needed.
    mutating func next() throws(HTTPParseError) -> Event? {
        do {
            return try step()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func step() throws(HTTPParseError) -> Event? {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .head:
                guard let head = try scanHead() else { return nil }
                return .head(head)
            case .fixedBody(let remaining):
                if remaining > bodyLimit { throw .contentTooLarge }
                guard buffer.count - start >= remaining else { return nil }
                body.append(contentsOf: buffer[start..<start + remaining])
                start += remaining
                return .body(finishMessage())
            case .chunkSize:
                guard try readChunkSize() else { return nil }
            case .chunkData(let remaining):
                let available = min(remaining, buffer.count - start)
                guard available > 0 else { return nil }
                body.append(contentsOf: buffer[start..<start + available])
                start += available
                state = available == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - available)
            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk-data is followed by CRLF.
                guard buffer.count - start >= 2 else { return nil }
                guard buffer[start] == 13, buffer[start + 1] == 10 else { throw .badRequest("chunk data not followed by CRLF") }
                start += 2
                state = .chunkSize
            case .trailers(let size, let count):
                guard let done = try readTrailerLine(size: size, count: count) else { return nil }
                if done { return .body(finishMessage()) }
            }
        }
    }

    /// Resets per-message state after a complete body and compacts the buffer.
    private mutating func finishMessage() -> [UInt8] {
        let result = body
        body = []
        state = .head
        bodyLimit = limits.maxBody
        declaredLength = nil
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 16 * 1024)
            start = 0
        } else if start >= 4096 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        scan = start
        lineStart = start
        return result
    }

    // MARK: head

    /// Scans for the end of the head, enforcing the line, head and field-count limits as bytes arrive.
    private mutating func scanHead() throws(HTTPParseError) -> HTTPRequestHead? {
        if scan < start { scan = start }
        if lines.isEmpty { lineStart = max(lineStart, start) }
        let end = buffer.count
        var index = scan
        var found = false
        try buffer.withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) in
            while index < end {
                guard bytes[index] == 10 else {
                    index += 1
                    continue
                }
                // RFC 9112 §2.2: lines end in CRLF; a bare LF is refused rather than guessed at.
                guard index > lineStart, bytes[index - 1] == 13 else { throw .badRequest("bare LF in head") }
                let line = lineStart..<(index - 1)
                lineStart = index + 1
                index += 1
                if lines.isEmpty {
                    if line.isEmpty {
                        // RFC 9112 §2.2: ignore a few empty lines before the request line.
                        guard lineStart - start <= 8 else { throw .badRequest("empty lines before request line") }
                        continue
                    }
                    if line.count > limits.maxRequestLine { throw .uriTooLong }
                    lines.append(line)
                } else if line.isEmpty {
                    found = true
                    break
                } else {
                    if line.count > limits.maxFieldLine { throw .headerFieldsTooLarge("field line too long") }
                    if lines.count > limits.maxFieldCount { throw .headerFieldsTooLarge("too many fields") }
                    lines.append(line)
                }
                if index - lines[0].lowerBound > limits.maxHead { throw .headerFieldsTooLarge("head too large") }
            }
        }
        scan = index
        if !found {
            // Refuse an over-long line or head before it is complete, so nobody can make us buffer more.
            let partial = end - lineStart
            if lines.isEmpty {
                if partial > limits.maxRequestLine + 1 { throw .uriTooLong }
            } else {
                if partial > limits.maxFieldLine + 1 { throw .headerFieldsTooLarge("field line too long") }
                if end - lines[0].lowerBound > limits.maxHead { throw .headerFieldsTooLarge("head too large") }
            }
            return nil
        }
        if index - lines[0].lowerBound > limits.maxHead { throw .headerFieldsTooLarge("head too large") }
        let head = try buildHead()
        start = index
        scan = index
        lineStart = index
        lines.removeAll(keepingCapacity: true)
        return head
    }

    private mutating func buildHead() throws(HTTPParseError) -> HTTPRequestHead {
        let requestLine = buffer[lines[0]]
        let (method, target, version) = try HTTPRequestParser.parseRequestLine(requestLine)
        let (rawPath, rawQuery) = try HTTPRequestTarget.split(target, method: method)
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            headers.add(contentsOf: try HTTPRequestParser.parseField(buffer[line]))
        }
        var head = HTTPRequestHead(
            method: method, target: target, rawPath: rawPath, rawQuery: rawQuery, version: version,
            headers: headers, contentLength: nil, isChunked: false, expectsContinue: false, keepAlive: true)
        try HTTPRequestParser.applyFraming(&head)
        if head.isChunked {
            state = .chunkSize
        } else if let length = head.contentLength, length > 0 {
            state = .fixedBody(remaining: length)
        } else {
            state = .fixedBody(remaining: 0)
        }
        declaredLength = head.contentLength
        body = []
        return head
    }

    // MARK: chunked body

    /// Reads one `chunk-size [ chunk-ext ] CRLF` line (RFC 9112 §7.1); false when it is incomplete.
    private mutating func readChunkSize() throws(HTTPParseError) -> Bool {
        let end = buffer.count
        var index = start
        while index < end, buffer[index] != 10 { index += 1 }
        guard index < end else {
            if end - start > limits.maxChunkLine { throw .badRequest("chunk size line too long") }
            return false
        }
        guard index > start, buffer[index - 1] == 13 else { throw .badRequest("bare LF in chunk size line") }
        let line = buffer[start..<(index - 1)]
        if line.count > limits.maxChunkLine { throw .badRequest("chunk size line too long") }
        var size = 0
        var digits = 0
        var cursor = line.startIndex
        while cursor < line.endIndex, let value = HTTPRequestParser.hexValue(line[cursor]) {
            digits += 1
            guard digits <= 15 else { throw .badRequest("chunk size too large") }
            size = size << 4 | value
            cursor += 1
        }
        guard digits > 0 else { throw .badRequest("malformed chunk size") }
        if cursor < line.endIndex {
            // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ): checked for stray bytes, then ignored.
            var rest = line[cursor...]
            while let first = rest.first, first == 32 || first == 9 { rest = rest.dropFirst() }
            guard rest.first == 59 else { throw .badRequest("malformed chunk size") }
            for byte in rest where (byte < 32 && byte != 9) || byte == 127 {
                throw .badRequest("control character in chunk extension")
            }
        }
        start = index + 1
        if size == 0 {
            state = .trailers(size: 0, count: 0)
        } else {
            if body.count + size > bodyLimit { throw .contentTooLarge }
            state = .chunkData(remaining: size)
        }
        return true
    }

    /// Reads one trailer line; nil when incomplete, true at the final empty line. Trailers are validated and dropped.
    private mutating func readTrailerLine(size: Int, count: Int) throws(HTTPParseError) -> Bool? {
        let end = buffer.count
        var index = start
        while index < end, buffer[index] != 10 { index += 1 }
        guard index < end else {
            if size + (end - start) > limits.maxTrailers { throw .headerFieldsTooLarge("trailers too large") }
            return nil
        }
        guard index > start, buffer[index - 1] == 13 else { throw .badRequest("bare LF in trailers") }
        let line = buffer[start..<(index - 1)]
        let newSize = size + (index + 1 - start)
        start = index + 1
        if line.isEmpty { return true }
        if newSize > limits.maxTrailers { throw .headerFieldsTooLarge("trailers too large") }
        if count + 1 > limits.maxFieldCount { throw .headerFieldsTooLarge("too many trailer fields") }
        _ = try HTTPRequestParser.parseField(line)
        state = .trailers(size: newSize, count: count + 1)
        return false
    }
}
