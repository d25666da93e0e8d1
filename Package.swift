// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "edge-router",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "router", targets: ["RouterCLI"]),
        .library(name: "Domain", targets: ["Domain"]),
        .library(name: "QueryClassifier", targets: ["QueryClassifier"]),
        .library(name: "PromptGuard", targets: ["PromptGuard"]),
        .library(name: "Resilience", targets: ["Resilience"]),
        .library(name: "RedisDriver", targets: ["RedisDriver"]),
        .library(name: "Tier1Cache", targets: ["Tier1Cache"]),
        .library(name: "Tier2Compute", targets: ["Tier2Compute"]),
        .library(name: "Tier3AI", targets: ["Tier3AI"]),
        .executable(name: "fake-anthropic", targets: ["FakeAnthropicCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // HTTPRequestPart, the request parts Hummingbird's pipeline carries (for the body deadline).
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        // libhiredis (Debian: libhiredis-dev): RESP formatting and reply parsing for the Redis driver.
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]
        ),
        // The vocabulary every tier shares: days, periods, date ranges, money, categories, summary
        // kinds and requests. Foundation only.
        .target(name: "Domain", swiftSettings: strict),
        // The one circuit breaker, the one deadline, and the time they read (injectable).
        .target(name: "Resilience", swiftSettings: strict),
        // A clock tests move by hand, for breakers, queue waits and deadlines.
        .target(name: "ResilienceTesting", dependencies: ["Resilience"], swiftSettings: strict),
        // RESP over a SwiftNIO channel (hiredis's formatter and reader), pipelining, reconnects.
        .target(
            name: "RedisDriver",
            dependencies: [
                "CHiredis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // A real redis-server on a free loopback port, for the tests of the driver and its clients.
        .target(
            name: "RedisDriverTesting",
            dependencies: [
                "RedisDriver",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Tier2Compute",
            resources: [.copy("Resources/cities.csv")],
            swiftSettings: strict
        ),
        // The classifier: lexer, normalisation, lexicon, analysis, routes. Pure, microseconds.
        .target(
            name: "QueryClassifier",
            dependencies: ["Domain", "Tier2Compute"],
            resources: [.copy("Resources/near-words.txt")],
            swiftSettings: strict
        ),
        // Prompt-injection pre-check for tier 3 questions: folding, tokens, lexicon, patterns.
        // Pure, microseconds, no dependencies.
        .target(name: "PromptGuard", swiftSettings: strict),
        // Tier 1: the summaries, their cache policy (levels, single-flight, SWR, invalidation), and
        // the stores behind a protocol (PostgreSQL; embedded SQLite with the demo data).
        .target(
            name: "Tier1Cache",
            dependencies: [
                "Domain",
                "Resilience",
                "RedisDriver",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            resources: [.copy("Stores/Embedded/Resources/demo")],
            swiftSettings: strict
        ),
        // Tier 3 (Claude). Takes its tools as values; knows nothing of tiers 1 and 2 or of HTTP.
        .target(
            name: "Tier3AI",
            dependencies: [
                "Resilience",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // A local imitation of the Messages API (wire format, prompt-cache accounting, latency,
        // faults) for tests, benchmarks and demos; never part of the router itself.
        .target(
            name: "FakeAnthropic",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "FakeAnthropicCLI",
            dependencies: [
                "FakeAnthropic",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Router",
            dependencies: [
                "Domain",
                "PromptGuard",
                "QueryClassifier",
                "Resilience",
                "RedisDriver",
                "Tier1Cache",
                "Tier2Compute",
                "Tier3AI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The OpenAPI 3.1 description of the HTTP API, served at /openapi.json.
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "RouterCLI",
            dependencies: [
                "Domain",
                "PromptGuard",
                "QueryClassifier",
                "Router",
                "Tier1Cache",
                "Tier2Compute",
                "Tier3AI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "DomainTests", dependencies: ["Domain"], swiftSettings: strict),
        .testTarget(name: "ResilienceTests", dependencies: ["Resilience", "ResilienceTesting"], swiftSettings: strict),
        .testTarget(
            name: "RedisDriverTests",
            dependencies: [
                "RedisDriver", "RedisDriverTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "Tier2ComputeTests", dependencies: ["Tier2Compute"], swiftSettings: strict),
        .testTarget(name: "PromptGuardTests", dependencies: ["PromptGuard"], swiftSettings: strict),
        .testTarget(name: "QueryClassifierTests", dependencies: ["QueryClassifier", "Domain", "Tier2Compute"], swiftSettings: strict),
        .testTarget(
            name: "Tier3AITests",
            dependencies: [
                "Tier3AI",
                "Resilience",
                "ResilienceTesting",
                "FakeAnthropic",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "Tier1CacheTests",
            dependencies: [
                "Tier1Cache", "Domain", "Resilience", "ResilienceTesting", "RedisDriver", "RedisDriverTesting",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RouterTests",
            dependencies: [
                "Router",
                "Domain",
                "QueryClassifier",
                "Resilience",
                "ResilienceTesting",
                "Tier1Cache",
                "Tier2Compute",
                "Tier3AI",
                "FakeAnthropic",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Against real PostgreSQL and Redis (scripts/test.sh starts them and sets TEST_DATABASE_URL,
        // TEST_REDIS_URL); without them these tests fail, they never skip.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Router",
                "RouterCLI",
                "Domain",
                "Resilience",
                "ResilienceTesting",
                "RedisDriver",
                "Tier1Cache",
                "Tier3AI",
                "FakeAnthropic",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
    ]
)

/// Compiler help in every target: `any` spelled out for existentials, and every module a file
/// uses imported by that file.
var strict: [SwiftSetting] { [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")] }
