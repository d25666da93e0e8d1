import Hummingbird
import Logging

/// Outermost middleware: gives every request an id (echoing a sane `X-Request-Id`), starts its
/// clock, turns every error into a problem document, and makes sure every response carries
/// `X-Request-Id` and `Server-Timing`. Nothing that throws below it reaches the client as a 500
/// page or a stack trace.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.started = .now
        context.requestID = Self.requestID(from: request.headers[.requestID])
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as RouterError {
            response = problem(error, context: context)
        } catch let error as HTTPError {
            let mapped: RouterError
            switch error.status {
            case .notFound: mapped = .notFound("No endpoint at \(request.uri.path.prefix(200)).")
            case .methodNotAllowed: mapped = .methodNotAllowed
            case .contentTooLarge: mapped = .payloadTooLarge(limit: context.maxUploadSize)
            case .unauthorized: mapped = .unauthorized(error.body ?? "Authentication required.")
            default:
                if error.status.code < 500 {
                    mapped = .badRequest(error.body ?? "The request could not be processed.")
                } else {
                    context.logger.error("request failed", metadata: ["error": "\(error)"])
                    mapped = .internalError("\(error)")
                }
            }
            response = problem(mapped, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            response = problem(.internalError("\(error)"), context: context)
        }
        response.headers[.requestID] = context.requestID
        if response.headers[.serverTiming] == nil {
            response.headers[.serverTiming] = ServerTiming().header(total: context.elapsedMilliseconds)
        }
        context.logger.info(
            "\(request.method) \(request.uri.path) \(response.status.code)",
            metadata: ["ms": .string(ServerTiming.format(context.elapsedMilliseconds)), "user": .string(context.user ?? "-")]
        )
        return response
    }

    private func problem(_ error: RouterError, context: AppContext) -> Response {
        if case .unauthorized(let why) = error {
            // The reason is logged; the token never is.
            context.logger.notice("authentication failed", metadata: ["reason": .string(why)])
        }
        return Problem.response(error, requestID: context.requestID, timing: ServerTiming().header(total: context.elapsedMilliseconds))
    }

    /// Echo the caller's id when it is short and printable; otherwise make one.
    static func requestID(from header: String?) -> String {
        if let header, !header.isEmpty, header.utf8.count <= 128,
            header.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
        {
            return header
        }
        var generator = SystemRandomNumberGenerator()
        let hex = "0123456789abcdef".utf8.map { $0 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        for _ in 0..<20 { bytes.append(hex[Int(generator.next() % 16)]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
