/// An error response in the Messages API shape:
/// `{"type":"error","error":{"type":…,"message":…},"request_id":"req_…"}`.
struct APIError: Error, Sendable {
    let status: Int
    let type: String
    let message: String
    /// Seconds for the `retry-after` header (429 only).
    var retryAfterSeconds: Int?

    static func invalidRequest(_ message: String) -> APIError {
        APIError(status: 400, type: "invalid_request_error", message: message)
    }

    static func authentication(_ message: String) -> APIError {
        APIError(status: 401, type: "authentication_error", message: message)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: 404, type: "not_found_error", message: message)
    }

    static func requestTooLarge(_ message: String) -> APIError {
        APIError(status: 413, type: "request_too_large", message: message)
    }

    static func rateLimited(retryAfterSeconds: Int) -> APIError {
        APIError(
            status: 429, type: "rate_limit_error",
            message: "This request would exceed the rate limit for your organization. Please retry later.",
            retryAfterSeconds: retryAfterSeconds
        )
    }

    static let overloaded = APIError(status: 529, type: "overloaded_error", message: "Overloaded")
    static let internalServer = APIError(status: 500, type: "api_error", message: "Internal server error")
    static let timeout = APIError(status: 504, type: "timeout_error", message: "Request timed out")

    /// The `error` object alone, as also used by the mid-stream `event: error`.
    var errorObject: FakeJSON {
        ["type": .string(type), "message": .string(message)]
    }

    func body(requestID: String) -> FakeJSON {
        ["type": "error", "error": errorObject, "request_id": .string(requestID)]
    }
}
