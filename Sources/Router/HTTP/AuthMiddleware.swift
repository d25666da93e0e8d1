import Hummingbird

/// Requires a verified bearer token on the routes it guards and puts its user in the context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let verifier: TokenVerifier

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.user = try await verifier.user(authorization: request.headers[.authorization])
        context.logger[metadataKey: "user"] = .string(context.user ?? "")
        context.notes.user = context.user
        return try await next(request, context)
    }
}
