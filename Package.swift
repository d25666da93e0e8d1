// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "edge-router",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "router", targets: ["RouterCLI"]),
        .library(name: "Router", targets: ["Router"]),
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
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // libhiredis (Debian: libhiredis-dev): RESP formatting and reply parsing for the Redis client.
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]
        ),
        .target(
            name: "Tier2Compute",
            resources: [.copy("Resources/cities.csv")]
        ),
        .target(
            name: "Tier1Cache",
            dependencies: [
                "CHiredis",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            resources: [.copy("Resources/demo")]
        ),
        // Tier 3 (Claude). Takes its tools as values; knows nothing of tiers 1 and 2 or of HTTP.
        .target(
            name: "Tier3AI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A local imitation of the Messages API (wire format, prompt-cache accounting, latency,
        // faults) for tests, benchmarks and demos; never part of the router itself.
        .target(
            name: "FakeAnthropic",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "FakeAnthropicCLI",
            dependencies: [
                "FakeAnthropic",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Router",
            dependencies: [
                "Tier1Cache",
                "Tier2Compute",
                "Tier3AI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The OpenAPI 3.1 description of the HTTP API, served at /openapi.json; the dictionary
            // words the spelling corrector must leave alone.
            resources: [.copy("Resources/openapi.json"), .copy("Classifier/Resources/near-words.txt")]
        ),
        .executableTarget(
            name: "RouterCLI",
            dependencies: [
                "Router",
                "Tier1Cache",
                "Tier3AI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "Tier2ComputeTests", dependencies: ["Tier2Compute"]),
        .testTarget(
            name: "Tier3AITests",
            dependencies: [
                "Tier3AI",
                "FakeAnthropic",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "Tier1CacheTests",
            dependencies: ["Tier1Cache", .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(
            name: "RouterTests",
            dependencies: [
                "Router",
                "Tier3AI",
                "FakeAnthropic",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Against real PostgreSQL and Redis (scripts/test.sh starts them and sets TEST_DATABASE_URL,
        // TEST_REDIS_URL); without them these tests fail, they never skip.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Router",
                "Tier1Cache",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
