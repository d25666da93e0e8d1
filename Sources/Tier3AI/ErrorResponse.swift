/// The API's error object (fact sheet §6): the body of a non-2xx response, and the payload of
/// an `event: error` sent after the 200. Every field is optional: an error whose body is not
/// this shape (a proxy's HTML page, a 413 from the CDN) is still an error, with a generic type.
public struct ErrorResponse: Sendable, Equatable, Decodable {
    public struct Detail: Sendable, Equatable, Decodable {
        /// `overloaded_error`, `rate_limit_error`, `invalid_request_error`, …: kept as text, since
        /// the router only reports it and the API adds types over time.
        public var type: String?
        public var message: String?

        public init(type: String? = nil, message: String? = nil) {
            self.type = type
            self.message = message
        }

        enum CodingKeys: String, CodingKey { case type, message }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            message = try? container.decodeIfPresent(String.self, forKey: .message)
        }
    }

    public var error: Detail?
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case error
        case requestID = "request_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        error = try? container.decodeIfPresent(Detail.self, forKey: .error)
        requestID = try? container.decodeIfPresent(String.self, forKey: .requestID)
    }
}
