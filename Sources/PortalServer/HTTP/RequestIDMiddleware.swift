import Synchronization

/// Gives every request an id: a sane incoming `X-Request-Id` (1–64 of `A-Za-z0-9._-`) is kept, otherwise
/// one is generated. The id goes into the context, the response and the access log.
struct RequestIDMiddleware: Middleware {
    func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
        if context.requestID.isEmpty {
            if let incoming = request.headers[.requestID], RequestIDMiddleware.isSane(incoming) {
                context.requestID = incoming
            } else {
                context.requestID = RequestIDGenerator.next()
            }
        }
        var response = next(request, &context)
        response.headers.replace(.requestID, with: context.requestID)
        return response
    }

    /// True for 1–64 characters of `A-Za-z0-9._-` (nothing that could forge log fields).
    static func isSane(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard !utf8.isEmpty, utf8.count <= 64 else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case 48...57, 65...90, 97...122, 45, 46, 95: true
            default: false
            }
        }
    }
}

/// Unique request ids without a syscall: a random per-process prefix and an atomic counter.
enum RequestIDGenerator {
    private static let prefix: String = {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        return String(value & 0xFFFF_FFFF, radix: 16).leftPadded(to: 8)
    }()
    private static let counter = Atomic<UInt64>(0)

    /// The next id, e.g. `3fa2b9c1-00000000002a`.
    static func next() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return prefix + "-" + String(value, radix: 16).leftPadded(to: 12)
    }
}

extension String {
    /// The string left-padded with zeros to `width`.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
