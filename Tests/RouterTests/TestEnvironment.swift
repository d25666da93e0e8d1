import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import QueryClassifier
import Tier1Cache
import Tier2Compute

@testable import Router

/// One embedded router for the whole test run (loading the demo data once).
enum TestEnvironment {
    static let secret = "router-tests-secret-0123456789abcdef"

    static let services = Task {
        try await RouterServices.embedded(verifier: try await TokenVerifier.hs256(secret: secret), logger: Logger(label: "test"))
    }

    static let classifier = Classifier(gazetteer: Gazetteer.bundled)

    static func app() async throws -> some ApplicationProtocol {
        let services = try await services.value
        return Application(router: RouterApplication.router(services: services, configuration: RouterConfiguration()))
    }

    static func token(_ user: String = "u007") async throws -> String {
        try await services.value.verifier.token(for: user)
    }

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static let day = Day(year: 2026, month: 11, day: 21)!

    static func headers(_ token: String, json: Bool = true) -> HTTPFields {
        var h = HTTPFields()
        h[.authorization] = "Bearer " + token
        if json { h[.contentType] = "application/json" }
        return h
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }
}
