// libFuzzer entry for the request parser, compiled by scripts/fuzz together with the parser's own
// files (which depend only on the standard library):
//   swiftc -sanitize=fuzzer,address -parse-as-library <parser files> Fuzz/ParserFuzz.swift
// The input is fed in pieces whose sizes come from its first byte, so split heads and bodies are covered.

/// libFuzzer calls this once per input; a crash, hang or sanitizer report is the failure.
@_cdecl("LLVMFuzzerTestOneInput")
public func parserFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let first = bytes.first else { return 0 }
    var limits = HTTPLimits()
    limits.maxBody = 64 * 1024
    var parser = HTTPRequestParser(limits: limits)
    let step = Int(first % 32) + 1
    var offset = 1
    var events = 0
    while offset < size {
        let end = min(size, offset + step)
        parser.append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[offset..<end]))
        offset = end
        while true {
            let event: HTTPRequestParser.Event?
            do { event = try parser.next() } catch { return 0 }
            guard let event else { break }
            events += 1
            precondition(events <= size + 1, "parser produced more events than input bytes")
            if case .head(let head) = event {
                if first & 1 == 1 { parser.setBodyLimit(Int(first)) }
                _ = HTTPRequestTarget.percentDecode(head.rawPath)
                _ = HTTPRequestTarget.parseQuery(head.rawQuery)
            }
        }
    }
    return 0
}
