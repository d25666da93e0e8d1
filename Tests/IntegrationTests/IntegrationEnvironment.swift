import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization
import Testing
import Tier1Cache

@testable import Router
@testable import RouterCLI

/// Real PostgreSQL and Redis for the integration tests. `scripts/test.sh` starts both and sets
/// TEST_DATABASE_URL and TEST_REDIS_URL; without them every test here fails with that message.
enum IntegrationEnvironment {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static let logger: Logger = {
        var l = Logger(label: "integration")
        l.logLevel = .warning
        return l
    }()

    static func databaseURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else {
            throw Missing(description: "TEST_DATABASE_URL is not set: run scripts/test.sh (it starts PostgreSQL and Redis)")
        }
        return url
    }

    static func redisURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["TEST_REDIS_URL"], !url.isEmpty else {
            throw Missing(description: "TEST_REDIS_URL is not set: run scripts/test.sh (it starts PostgreSQL and Redis)")
        }
        return url
    }

    /// Migrates and seeds the demo data once per test run.
    static let prepared = Task { () throws -> Void in
        let url = try databaseURL()
        try await withWriteClient(url) { client in
            try await PostgresSchema.migrate(client: client, also: RouteLog.schema, logger: logger)
            try await PostgresSeeder(client: client, logger: logger).seedDemo(try DemoDataset.bundled())
        }
    }

    static func prepare() async throws { try await prepared.value }

    /// A read-write client for the duration of `body` (test writes, setup).
    static func withWriteClient<T: Sendable>(_ url: String, _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(
            configuration: try DatabaseURL.configuration(url, readOnly: false, statementTimeout: .seconds(60)),
            backgroundLogger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    static let embedded = Task { SummaryEngine(store: try await SQLiteSummaryStore.load(try DemoDataset.bundled(), logger: logger)) }

    static let secret = "integration-tests-secret-0123456789abcdef"
}

/// A router instance on the real services, with its background services running.
final class RouterInstance: Sendable {
    let runtime: RouterRuntime
    private let runner: Task<Void, Never>

    /// - Parameter waitForListener: false for an instance whose database is meant to be unreachable.
    init(
        database: String? = nil, redis: String?, waitForListener: Bool = true, configure: (inout RouterConfiguration) -> Void = { _ in }
    ) async throws {
        var c = RouterConfiguration()
        c.databaseURL = try database ?? IntegrationEnvironment.databaseURL()
        c.redisURL = redis
        configure(&c)
        let runtime = try await RouterRuntime.make(
            configuration: c, verifier: try await TokenVerifier.hs256(secret: IntegrationEnvironment.secret),
            logger: IntegrationEnvironment.logger
        )
        self.runtime = runtime
        runner = Task {
            await withTaskGroup(of: Void.self) { group in
                for service in runtime.background {
                    group.addTask { try? await service.run() }
                }
            }
        }
        // Let the pool and the LISTEN connection come up: writes before that would not be heard.
        let listeners = runtime.background.compactMap { $0 as? InvalidationListener }
        let clock = ContinuousClock()
        let started = clock.now
        while waitForListener && !listeners.allSatisfy(\.isListening) && clock.now - started < .seconds(10) {
            try await Task.sleep(for: .milliseconds(10))
        }
        if waitForListener && !listeners.allSatisfy(\.isListening) { Issue.record("the invalidation listener did not start listening within 10 s") }
    }

    var summaries: SummaryService { runtime.services.summaries }

    func stop() async {
        runner.cancel()
        await runner.value
    }
}

/// A redis-server of the test's own, for killing and restarting.
final class OwnRedis: Sendable {
    let port: Int
    private let process: Mutex<Process?>

    init() throws {
        let socket = try FreePort.make()
        port = socket
        process = Mutex(nil)
        try start()
    }

    var url: String { "redis://127.0.0.1:\(port)/0" }

    func start() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process.withLock { $0 = p }
        // Wait until it accepts connections.
        for _ in 0..<100 {
            if FreePort.isListening(port) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw IntegrationEnvironment.Missing(description: "redis-server did not start on port \(port) (is it installed?)")
    }

    /// SIGKILL, then wait for the port to close (Process.waitUntilExit spins a run loop on Linux).
    func kill() {
        let pid = process.withLock { p -> Int32? in
            defer { p = nil }
            return p?.processIdentifier
        }
        guard let pid else { return }
        Glibc.kill(pid, SIGKILL)
        for _ in 0..<100 where FreePort.isListening(port) {
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    deinit { kill() }
}

enum FreePort {
    static func make() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw IntegrationEnvironment.Missing(description: "no free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
