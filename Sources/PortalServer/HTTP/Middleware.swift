/// The rest of the chain as seen by a middleware: never throws, since errors below are already responses.
typealias HTTPNext = (HTTPRequest, inout RequestContext) -> HTTPResponse

/// A request handler; runs on a worker thread (`.worker`) or on the event loop (`.inline`).
typealias HTTPHandler = @Sendable (HTTPRequest, inout RequestContext) throws -> HTTPResponse

/// Code around every routed request (and the built-in 404/405/OPTIONS answers). Composed once when the
/// router is frozen. A middleware may answer itself (throw an `HTTPResponseError` or return a response),
/// change the request or context for the next one, or decorate the response `next` returns.
protocol Middleware: Sendable {
    /// Handles `request`, usually by calling `next`. A thrown error becomes the error response that the
    /// middlewares outside this one see.
    func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse
}
