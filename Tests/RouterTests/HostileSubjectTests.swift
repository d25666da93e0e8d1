import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import Router

/// A token subject is chosen by whoever issues tokens, and ends up in logs, cache keys and
/// limits: characters that end a line or hide themselves are refused, and whatever is accepted
/// cannot forge a log field.
@Suite struct HostileSubjectTests {
    @Test(arguments: ["a\u{85}b", "a\rb", "a\nb", "a\u{2028}b", "a\u{202E}b", "a\u{200B}b", "a\u{0}b", "a\u{7F}b", "a\u{9B}b", ""])
    func subjectsThatEndALineOrHideAreRefused(_ subject: String) async throws {
        let services = try await TestEnvironment.services.value
        let token = try await services.verifier.token(for: subject)
        await #expect(throws: RouterError.self) { try await services.verifier.user(authorization: "Bearer " + token) }
        #expect(!TokenVerifier.isAcceptableSubject(subject))
    }

    @Test(arguments: ["*", "u001", "user with spaces level=error", "josé@example.com", "订单-7", "x\"y\\z"])
    func ordinarySubjectsAreAccepted(_ subject: String) async throws {
        let services = try await TestEnvironment.services.value
        let token = try await services.verifier.token(for: subject)
        #expect(try await services.verifier.user(authorization: "Bearer " + token) == subject)
    }

    /// Collects the lines a `PlainLogHandler` writes.
    final class Lines: Sendable {
        let all = Mutex<[String]>([])
    }

    @Test func aSubjectFullOfKeyValueTextParsesBackToItsTrueFields() async throws {
        let subject = #"u9 level=error msg="forged" user=admin ts=0 \ "#
        let lines = Lines()
        var logger = Logger(label: "router") { label in PlainLogHandler(label: label) { line in lines.all.withLock { $0.append(line) } } }
        logger.logLevel = .info
        let services = try await TestEnvironment.services.value
        let app = Application(router: RouterApplication.router(services: services, configuration: RouterConfiguration()), logger: logger)
        let token = try await services.verifier.token(for: subject)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/summaries/savings?as_of=2026-11-21", method: .get, headers: TestEnvironment.headers(token)) {
                #expect($0.status == .ok)
            }
        }
        let written = lines.all.withLock { $0 }.joined()
        let access = written.split(separator: "\n").filter { $0.contains("/v1/summaries/savings") }
        #expect(access.count == 1, "\(written)")
        let fields = try #require(access.first.flatMap { PlainLogHandler.fields(of: String($0)) })
        let keys = fields.map(\.0)
        #expect(keys.filter { $0 == "level" }.count == 1 && keys.filter { $0 == "user" }.count == 1 && keys.filter { $0 == "msg" }.count == 1)
        #expect(fields.first { $0.0 == "user" }?.1 == subject)
        #expect(fields.first { $0.0 == "level" }?.1 == "info")
        #expect(fields.first { $0.0 == "msg" }?.1 == "GET /v1/summaries/savings 200")
    }

    @Test(arguments: ["plain", "two words", "line\nbreak", "nel\u{85}x", "ls\u{2028}x", "quote\"and\\slash", "key=value k2=v2", "", "bidi\u{202E}x", "tab\tx"])
    func everyValueRoundTripsOnOneLine(_ value: String) throws {
        let line = PlainLogHandler.line([("level", "info"), ("user", value), ("msg", "m")])
        #expect(!line.unicodeScalars.contains { [0x0A, 0x0D, 0x85, 0x2028, 0x2029].contains($0.value) })
        let fields = try #require(PlainLogHandler.fields(of: line))
        #expect(fields.map(\.0) == ["level", "user", "msg"])
        #expect(fields[1].1 == value)
    }
}
