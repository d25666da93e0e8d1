// swift-tools-version: 6.2
import PackageDescription

// Benchmarks live in their own package so the main build stays lean.
let package = Package(
    name: "router-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "edge-router", path: ".."),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "ClassifierBench",
            dependencies: [
                .product(name: "Router", package: "edge-router"),
                .product(name: "Tier1Cache", package: "edge-router"),
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
    ]
)
