/// An error a handler or middleware throws to answer with a specific status and a message safe to show.
///
/// Any other error becomes a generic 500 whose details go only to the log, under the request id.
protocol HTTPResponseError: Error {
    /// The status to answer with.
    var status: HTTPStatus { get }
    /// A short message safe to show to the client.
    var message: String { get }
    /// Extra fields for the response (e.g. `Allow`, `Retry-After`).
    var headers: HTTPHeaders { get }
}

extension HTTPResponseError {
    var headers: HTTPHeaders { HTTPHeaders() }
}

/// The HTTP layer's own error: a status and a public message (the `HTTPResponseError` everyone can throw).
struct HTTPError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// The status.
    let status: HTTPStatus
    /// The public message.
    let message: String
    /// Extra response fields.
    let headers: HTTPHeaders

    /// An error answering `status` with `message` (defaults to the reason phrase).
    init(_ status: HTTPStatus, _ message: String? = nil, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.message = message ?? status.reasonPhrase
        self.headers = headers
    }

    var description: String { "\(status.code) \(message)" }
}
