import Foundation
import Hummingbird
import NIOCore

/// The OpenAPI 3.1 document of the HTTP API (`Resources/openapi.json`, kept in the repository and
/// checked against the running router by schemathesis in CI), read once and served as is.
enum APIDescription {
    /// nil only if the resource is missing from the build, which a test rules out.
    static let document: ByteBuffer? = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return ByteBuffer(bytes: data)
    }()

    static func response() throws(RouterError) -> Response {
        guard let document else { throw .internalError("the OpenAPI document is missing from the build") }
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: document)
        )
    }
}
