// swift-tools-version: 6.2
import PackageDescription

// Benchmarks live in their own package so the main build stays lean.
let package = Package(
    name: "router-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "edge-router", path: ".."),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "ClassifierBench",
            // The classifier alone: no HTTP, no stores, no drivers in its closure.
            dependencies: [
                .product(name: "QueryClassifier", package: "edge-router"),
                .product(name: "Domain", package: "edge-router"),
                .product(name: "Tier2Compute", package: "edge-router"),
            ]
        ),
        // Tier 3 streaming latency, direct to the (fake) Messages API or through the router: tier3/run.sh.
        .executableTarget(
            name: "Tier3Bench",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Open-loop HTTP load generator (HDR histograms per tier, JSON + HTML reports): scenarios/run.sh.
        .executableTarget(
            name: "LoadGen",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ]
)
