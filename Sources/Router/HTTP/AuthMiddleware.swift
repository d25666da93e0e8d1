import Hummingbird
import Logging

/// Requires a verified bearer token on the routes it guards, puts its user in the context, and
/// admits the request for that user (`UserInFlightLimit`), all from the headers: no body is read
/// for a request that is refused.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let verifier: TokenVerifier
    /// The bound on one user's requests in hand, if any.
    var userInFlight: UserInFlightLimit? = nil

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        let start = ContinuousClock.now
        let user = try await verifier.user(authorization: request.headers[.authorization])
        context.user = user
        context.notes.add(phase: "auth", since: start)
        context.logger[metadataKey: "user"] = .string(user)
        context.notes.user = user
        guard let userInFlight else { return try await next(request, context) }
        // Counted with every refusal, by problem type, in `router_rejections_total`.
        guard userInFlight.tryEnter(user) else { throw RouterError.tooManyInFlight(limit: userInFlight.limit) }
        defer { userInFlight.leave(user) }
        return try await next(request, context)
    }
}
