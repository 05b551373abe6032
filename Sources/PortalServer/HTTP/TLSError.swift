internal import COpenSSL

/// A failed OpenSSL call, with OpenSSL's error queue captured where it failed.
struct TLSError: Error, Sendable, CustomStringConvertible {
    /// What was being done, e.g. `load certificate chain /path`.
    let operation: String
    /// OpenSSL's error queue, oldest first.
    let details: [String]

    /// Captures (and clears) this thread's OpenSSL error queue for `operation`.
    static func capture(_ operation: String) -> TLSError {
        var details: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            details.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return TLSError(operation: operation, details: details)
    }

    var description: String {
        details.isEmpty ? "\(operation) failed" : "\(operation) failed: \(details.joined(separator: "; "))"
    }
}
