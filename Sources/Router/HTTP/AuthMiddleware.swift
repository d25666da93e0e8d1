import Hummingbird
import Logging

/// Requires a verified bearer token on the routes it guards and puts its user in the context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let verifier: TokenVerifier

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        let start = ContinuousClock.now
        context.user = try await verifier.user(authorization: request.headers[.authorization])
        context.notes.add(phase: "auth", since: start)
        context.logger[metadataKey: "user"] = .string(context.user ?? "")
        context.notes.user = context.user
        return try await next(request, context)
    }
}
