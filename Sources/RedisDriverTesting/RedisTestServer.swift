import Foundation
import Logging
import NIOCore
import NIOPosix
import RedisDriver

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `redis-server` child process on a free loopback port, without persistence.
package final class RedisTestServer: @unchecked Sendable {
    package struct StartError: Error, CustomStringConvertible {
        package var description: String
    }

    package let port: Int
    private let executable: URL
    private let extraArguments: [String]
    private var process: Process?

    private init(executable: URL, port: Int, extraArguments: [String]) {
        self.executable = executable
        self.port = port
        self.extraArguments = extraArguments
    }

    deinit {
        self.stop()
    }

    /// Starts a server and waits until it answers `PING` (or `NOAUTH`).
    ///
    /// - Throws: `StartError` if `redis-server` is not installed or does not come up: the calling test fails.
    package static func start(extraArguments: [String] = []) async throws -> RedisTestServer {
        let candidates = [ProcessInfo.processInfo.environment["REDIS_SERVER"], "/usr/bin/redis-server",
                          "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server"].compactMap { $0 }
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw StartError(
                description: "redis-server is not installed (looked in \(candidates.joined(separator: ", "))); "
                    + "install it (apt-get install redis-server) or set REDIS_SERVER to its path"
            )
        }
        var lastError: (any Error)?
        for _ in 0..<3 {  // another process may grab the free port between probing and binding
            let server = RedisTestServer(
                executable: URL(fileURLWithPath: path),
                port: try Self.freePort(),
                extraArguments: extraArguments
            )
            do {
                try await server.launchAndWait()
                return server
            } catch {
                server.stop()
                lastError = error
            }
        }
        throw lastError ?? StartError(description: "redis-server did not start")
    }

    /// Starts the server again on the same port (after `crash`).
    package func restart() async throws {
        self.stop()
        try await self.launchAndWait()
    }

    /// SIGKILL: the server vanishes without a clean shutdown, like a crash.
    package func crash() {
        self.stop()
    }

    /// Stops the server with SIGKILL and waits for it.
    ///
    /// Not SIGTERM: `Process` spawns from a libdispatch worker thread, whose blocked signal mask (SIGTERM
    /// included) the child inherits, so redis-server would never see a SIGTERM and `waitUntilExit` would
    /// hang. The servers keep no data (`--save ""`), so nothing is lost.
    package func stop() {
        guard let process = self.process else { return }
        self.process = nil
        if process.isRunning {
            _ = kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    private func launchAndWait() async throws {
        let process = Process()
        process.executableURL = self.executable
        process.arguments = [
            "--port", String(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--loglevel", "warning",
        ] + self.extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process

        var logger = Logger(label: "redis-test-server")
        logger.logLevel = .critical
        let probe = RedisClient(
            configuration: RedisConfiguration(
                host: "127.0.0.1",
                port: self.port,
                connectionCount: 1,
                reconnectBackoff: .milliseconds(10)
            ),
            logger: logger
        )
        defer { Task { await probe.close() } }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while clock.now < deadline {
            guard process.isRunning else {
                throw StartError(description: "redis-server exited with status \(process.terminationStatus) on port \(self.port)")
            }
            do {
                _ = try await probe.send("PING")
                return
            } catch let error as RedisError where error.code == .serverError {
                return  // NOAUTH: up, and protected by a password
            } catch {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        throw StartError(description: "redis-server on port \(self.port) did not answer PING within 10 s")
    }

    /// A port that was free a moment ago: bind port 0 on loopback and read what the kernel picked.
    package static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0)
            .wait()
        defer { try? channel.close().wait() }
        guard let port = channel.localAddress?.port else {
            throw StartError(description: "could not determine a free port")
        }
        return port
    }
}
