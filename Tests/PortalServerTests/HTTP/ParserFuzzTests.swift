import Testing

@testable import PortalServer

/// A small seeded mutation fuzzer so plain `swift test` exercises the parser with hostile input
/// (libFuzzer runs the same parser for longer in `scripts/fuzz`).
@Suite struct ParserFuzzTests {
    /// A deterministic xorshift generator.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    static let seeds = [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n",
        "GET http://a/b?c=d HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n",
    ]

    @Test func mutatedRequestsNeverCrashOrHang() {
        var random = Generator(state: 0x9E37_79B9_7F4A_7C15)
        var limits = HTTPLimits()
        limits.maxBody = 4096
        limits.maxHead = 2048
        let dictionary: [[UInt8]] = [
            "\r\n", "\r\n\r\n", ":", " ", "\t", "\0", "%", "%00", "chunked", "Content-Length: ",
            "Transfer-Encoding: ", "Host: ", "ffffffffffffffff", "0\r\n\r\n", ";", "\n", "HTTP/1.1", "99999999999999999999",
        ]
        .map { Array($0.utf8) }
        for iteration in 0..<3000 {
            var bytes = Array(Self.seeds[iteration % Self.seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let position = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where position < bytes.count: bytes[position] = UInt8.random(in: 0...255, using: &random)
                case 1 where position < bytes.count: bytes.remove(at: position)
                case 2: bytes.insert(contentsOf: dictionary.randomElement(using: &random)!, at: position)
                default: bytes.insert(contentsOf: bytes[position...].prefix(20), at: position)
                }
            }
            var parser = HTTPRequestParser(limits: limits)
            var offset = 0
            var events = 0
            feeding: while offset < bytes.count {
                let step = Int.random(in: 1...64, using: &random)
                parser.append(bytes[offset..<min(bytes.count, offset + step)])
                offset += step
                while true {
                    let next: HTTPRequestParser.Event?
                    do { next = try parser.next() } catch { break feeding }
                    guard let event = next else { break }
                    events += 1
                    #expect(events < 10_000)
                    if case .head(let head) = event,
                        let request = try? HTTPRequest(head: head, body: [], remoteAddress: "", isSecure: true)
                    {
                        _ = request.queryItems
                        _ = request.cookies
                    }
                    _ = event
                }
            }
        }
    }
}
