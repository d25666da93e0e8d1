import Testing

@testable import RedisDriver

@Suite struct RedisConfigurationTests {
    @Test func defaults() {
        let configuration = RedisConfiguration()
        #expect(configuration.host == "127.0.0.1" && configuration.port == 6379 && configuration.database == 0)
        #expect(configuration.connectionCount == 2)
        #expect(configuration.connectTimeout == .seconds(1))
        #expect(configuration.commandTimeout == .milliseconds(500))
    }

    @Test func parsesHostPortAndDatabase() throws {
        let configuration = try RedisConfiguration(url: "redis://cache.internal:6380/3")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6380)
        #expect(configuration.database == 3)
        #expect(configuration.username == nil && configuration.password == nil)

        let bare = try RedisConfiguration(url: "redis://localhost")
        #expect(bare.host == "localhost" && bare.port == 6379 && bare.database == 0)
        #expect(try RedisConfiguration(url: "redis://localhost/").database == 0)
        #expect(try RedisConfiguration(url: "REDIS://localhost:1").port == 1)
    }

    @Test func parsesCredentials() throws {
        let passwordOnly = try RedisConfiguration(url: "redis://:s3cret@localhost")
        #expect(passwordOnly.username == nil && passwordOnly.password == "s3cret" && passwordOnly.host == "localhost")

        let withUser = try RedisConfiguration(url: "redis://app:p%40ss:w0rd@10.0.0.5:7000/1")
        #expect(withUser.username == "app" && withUser.password == "p@ss:w0rd")
        #expect(withUser.host == "10.0.0.5" && withUser.port == 7000 && withUser.database == 1)

        let atInPassword = try RedisConfiguration(url: "redis://:a@b@host")
        #expect(atInPassword.password == "a@b" && atInPassword.host == "host")
    }

    @Test func parsesIPv6() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:6390/2")
        #expect(configuration.host == "::1" && configuration.port == 6390 && configuration.database == 2)
        #expect(try RedisConfiguration(url: "redis://[::1]").port == 6379)
    }

    @Test(arguments: [
        "", "localhost:6379", "http://localhost", "rediss://localhost", "unix:///tmp/redis.sock",
        "redis://", "redis://:6379", "redis://host:0", "redis://host:65536", "redis://host:abc",
        "redis://host/-1", "redis://host/db", "redis://host/1/2", "redis://host?db=1", "redis://user@host",
        "redis://[::1", "redis://[::1]x", "redis://:%zz@host",
    ])
    func rejects(url: String) {
        #expect {
            try RedisConfiguration(url: url)
        } throws: { error in
            (error as? RedisError)?.code == .invalidConfiguration
        }
    }

    @Test func errorsExplainAndRedactPasswords() throws {
        let tls = #expect(throws: RedisError.self) { try RedisConfiguration(url: "rediss://:hunter2@host/x") }
        #expect(tls?.message.contains("TLS") == true)
        #expect(tls?.message.contains("hunter2") == false)

        let database = #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://:hunter2@host/x") }
        #expect(database?.message.contains("database") == true)
        #expect(database?.message.contains("hunter2") == false)
    }
}
