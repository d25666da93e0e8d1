import Foundation

/// Where and how `RedisClient` connects.
///
/// The defaults suit a cache next to the router: two pipelined connections carry any realistic request
/// rate (Redis itself is single-threaded, more sockets mostly add context switches), and the timeouts are
/// short because a cache that answers slowly is worse than falling back to SQL.
public struct RedisConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// ACL user for `AUTH user password` (Redis 6+); `nil` sends the legacy `AUTH password`.
    public var username: String?
    /// Sent with `AUTH` on every new connection, before it carries any command; `nil` skips `AUTH`.
    public var password: String?
    /// Selected with `SELECT` on every new connection when not 0.
    public var database: Int
    /// How many connections requests are spread over (round-robin). Values below 1 are treated as 1.
    public var connectionCount: Int
    /// Limit for the TCP connect; `AUTH`/`SELECT` then run under `commandTimeout`.
    public var connectTimeout: Duration
    /// Limit for one reply. A command that exceeds it fails with `RedisError.Code.timeout` and its
    /// connection is closed (replies could no longer be matched to commands) and re-established on demand.
    public var commandTimeout: Duration
    /// Minimum time between two connect attempts of one connection slot. While a slot waits, its commands
    /// fail fast instead of queueing behind a dead server.
    public var reconnectBackoff: Duration

    public static let defaultPort = 6379

    public init(
        host: String = "127.0.0.1",
        port: Int = RedisConfiguration.defaultPort,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        connectionCount: Int = 2,
        connectTimeout: Duration = .seconds(1),
        commandTimeout: Duration = .milliseconds(500),
        reconnectBackoff: Duration = .milliseconds(200)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.connectionCount = connectionCount
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoff = reconnectBackoff
    }

    /// Parses `redis://[[user]:password@]host[:port][/db]`, for example `redis://127.0.0.1:6379/2`,
    /// `redis://:secret@cache` or `redis://app:secret@[::1]:6380/1`. User and password may be
    /// percent-encoded. Other fields keep their defaults.
    ///
    /// - Throws: `RedisError` with code `invalidConfiguration` naming what is wrong: another scheme
    ///   (`rediss://` TLS and unix sockets are not supported), a missing host, a bad port or database,
    ///   query parameters, or a user without a password.
    public init(url: String) throws {
        self.init()
        let expected = "expected redis://[[user]:password@]host[:port][/db]"
        guard let schemeEnd = url.range(of: "://") else {
            throw RedisError.invalidConfiguration("invalid Redis URL '\(Self.redacted(url))': \(expected)")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "redis" else {
            let reason =
                scheme == "rediss" ? "TLS (rediss://) is not supported" : "unsupported scheme '\(scheme)://'"
            throw RedisError.invalidConfiguration("invalid Redis URL '\(Self.redacted(url))': \(reason); \(expected)")
        }
        var rest = url[schemeEnd.upperBound...]
        if rest.contains(where: { $0 == "?" || $0 == "#" }) {
            throw RedisError.invalidConfiguration(
                "invalid Redis URL '\(Self.redacted(url))': query parameters and fragments are not supported"
            )
        }

        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }

        // The password may contain '@', so the host starts after the last one.
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw RedisError.invalidConfiguration(
                    "invalid Redis URL '\(Self.redacted(url))': a user needs a password (redis://user:password@host)"
                )
            }
            let user = try Self.percentDecoded(userInfo[..<colon], url: url)
            let password = try Self.percentDecoded(userInfo[userInfo.index(after: colon)...], url: url)
            self.username = user.isEmpty ? nil : user
            self.password = password.isEmpty ? nil : password
            if self.username != nil && self.password == nil {
                throw RedisError.invalidConfiguration(
                    "invalid Redis URL '\(Self.redacted(url))': a user needs a password (redis://user:password@host)"
                )
            }
        }

        var portText: Substring?
        if rest.first == "[" {
            // IPv6 literal: [::1] or [::1]:6380
            guard let close = rest.firstIndex(of: "]") else {
                throw RedisError.invalidConfiguration("invalid Redis URL '\(Self.redacted(url))': unterminated '['")
            }
            self.host = String(rest[rest.index(after: rest.startIndex)..<close])
            let afterHost = rest[rest.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.first == ":" else {
                    throw RedisError.invalidConfiguration(
                        "invalid Redis URL '\(Self.redacted(url))': unexpected '\(afterHost)' after the host"
                    )
                }
                portText = afterHost.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":") {
            self.host = String(rest[..<colon])
            portText = rest[rest.index(after: colon)...]
        } else {
            self.host = String(rest)
        }
        guard !self.host.isEmpty else {
            throw RedisError.invalidConfiguration("invalid Redis URL '\(Self.redacted(url))': missing host")
        }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw RedisError.invalidConfiguration(
                    "invalid Redis URL '\(Self.redacted(url))': port '\(portText)' is not in 1...65535"
                )
            }
            self.port = port
        }

        if !path.isEmpty {
            guard let database = Int(path), database >= 0 else {
                throw RedisError.invalidConfiguration(
                    "invalid Redis URL '\(Self.redacted(url))': database '\(path)' is not a non-negative integer"
                )
            }
            self.database = database
        }
    }

    /// The URL with any password replaced, so errors can be logged without leaking it.
    private static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"),
            let at = url[schemeEnd.upperBound...].lastIndex(of: "@")
        else { return url }
        let userInfo = url[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    private static func percentDecoded(_ text: Substring, url: String) throws -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue)
            else {
                throw RedisError.invalidConfiguration(
                    "invalid Redis URL '\(Self.redacted(url))': bad percent-encoding in the user or password"
                )
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw RedisError.invalidConfiguration(
                "invalid Redis URL '\(Self.redacted(url))': the user or password is not valid UTF-8"
            )
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
