import Domain
import Foundation
import Hummingbird
import Logging
import Synchronization

/// Outermost middleware: gives every request an id (echoing a sane `X-Request-Id`), starts its
/// clock, turns every error into a problem document, and makes sure every response carries
/// `X-Request-Id` and `Server-Timing`. Nothing that throws below it reaches the client as a 500
/// page or a stack trace.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = AppContext
    /// Bytes of request headers (names and values) accepted; more is a 431.
    var headerLimit = 16 * 1024
    /// Where answered requests are recorded (PostgreSQL), if anywhere.
    var routeLog: RouteLog? = nil
    /// The bound on requests in hand (`ROUTER_MAX_IN_FLIGHT`), if any.
    var inFlight: InFlightLimit? = nil
    let metrics = RequestMetrics()

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.started = .now
        context.requestID = Self.requestID(from: request.headers[.requestID])
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        metrics.started()
        var problemType: String? = nil
        var response: Response
        var admitted: InFlightLimit? = nil
        defer { admitted?.leave() }
        do {
            let headerBytes = request.headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
            guard headerBytes <= headerLimit else { throw RouterError.headersTooLarge(limit: headerLimit) }
            if let inFlight, !InFlightLimit.isProbe(request.uri.path) {
                guard inFlight.tryEnter() else { throw RouterError.overloaded(retryAfter: 1) }
                admitted = inFlight
            }
            response = try await next(request, context)
        } catch let error as RouterError {
            problemType = error.slug
            response = problem(error, context: context)
        } catch let failure as TimedFailure {
            problemType = failure.error.slug
            response = problem(failure.error, context: context, timing: failure.timing)
        } catch let error as HTTPError {
            let mapped: RouterError
            switch error.status {
            case .notFound, .methodNotAllowed:
                if let allowed = Self.allowedMethods(path: request.uri.path), !allowed.contains(request.method.rawValue) {
                    mapped = .methodNotAllowed(allowed: allowed)
                } else {
                    mapped = .notFound("No endpoint at \(request.uri.path.prefix(200)).")
                }
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
            problemType = mapped.slug
            response = problem(mapped, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            problemType = RouterError.internalError("").slug
            response = problem(.internalError("\(error)"), context: context)
        }
        metrics.finished(
            path: request.uri.path, response: response, problem: problemType, duration: ContinuousClock.now - context.started
        )
        if let routeLog, !context.notes.streamed {
            routeLog.record(
                Self.logRecord(
                    path: request.uri.path, tier: response.headers[.routerTier].flatMap { Int($0) }.flatMap(Tier.init(rawValue:)),
                    route: response.headers[.routerRoute], status: Int(response.status.code), context: context
                )
            )
        }
        response.headers[.requestID] = context.requestID
        if response.headers[.serverTiming] == nil {
            response.headers[.serverTiming] = context.notes.timing.header(total: context.elapsedMilliseconds)
        }
        context.logger.info(
            "\(request.method) \(request.uri.path) \(response.status.code)",
            metadata: ["ms": .string(ServerTiming.format(context.elapsedMilliseconds)), "user": .string(context.notes.user ?? "-")]
        )
        return response
    }

    private func problem(_ error: RouterError, context: AppContext, timing: ServerTiming? = nil) -> Response {
        let timing = timing ?? context.notes.timing
        if case .unauthorized(let why) = error {
            // The reason is logged; the token never is.
            context.logger.notice("authentication failed", metadata: ["reason": .string(why)])
        }
        return Problem.response(error, requestID: context.requestID, timing: timing.header(total: context.elapsedMilliseconds))
    }

    /// The route log's view of a request that has its response.
    static func logRecord(path: String, tier: Tier?, route: String?, status: Int, context: AppContext) -> RouteLogRecord {
        var record = RouteLogRecord(
            at: Date(), requestID: context.requestID, user: context.notes.user, tier: tier,
            route: RouterMetrics.routeLabel(route, path: path),
            status: status, latencyMilliseconds: context.elapsedMilliseconds, cacheHit: context.notes.cacheHit
        )
        if let usage = context.notes.usage { record.add(usage) }
        return record
    }

    /// The methods an existing path accepts (for 405 and `Allow`); nil for a path that does not exist.
    /// Kept beside the routes in `RouterApplication` and the OpenAPI document; a test asks every
    /// documented path with a wrong method.
    static func allowedMethods(path: String) -> [String]? {
        switch path {
        case "/v1/query", "/v1/classify": return ["POST"]
        case "/healthz", "/readyz": return ["GET", "HEAD"]
        case "/v1/catalog", "/metrics", "/openapi.json": return ["GET"]
        default:
            for prefix in ["/v1/summaries/", "/v1/compute/"] where path.hasPrefix(prefix) {
                let name = path.dropFirst(prefix.count)
                if !name.isEmpty && !name.contains("/") { return ["GET"] }
            }
            return nil
        }
    }

    /// Echo the caller's id when it is short and printable; otherwise make one.
    static func requestID(from header: String?) -> String {
        if let header, !header.isEmpty, header.utf8.count <= 128,
            header.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
        {
            return header
        }
        return RequestIDs.next()
    }
}

/// Request ids: 20 hex digits (80 bits). A counter mixed with a random per-process key, so ids
/// never repeat within a process, look unrelated, and differ across instances with the odds of
/// 80 random bits; no system call per request (the random generator made one for each digit).
enum RequestIDs {
    private static let key: (UInt64, UInt16) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()
    private static let counter = Atomic<UInt64>(0)

    static func next() -> String {
        let n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        // splitmix64's finaliser: a bijection, so distinct counters give distinct ids.
        var z = n &+ key.0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return String(unsafeUninitializedCapacity: 20) { buffer in
            let hex: StaticString = "0123456789abcdef"
            let digits = hex.utf8Start
            var high = key.1
            for i in stride(from: 3, through: 0, by: -1) {
                buffer[i] = digits[Int(high & 0xF)]
                high >>= 4
            }
            for i in stride(from: 19, through: 4, by: -1) {
                buffer[i] = digits[Int(z & 0xF)]
                z >>= 4
            }
            return 20
        }
    }
}
