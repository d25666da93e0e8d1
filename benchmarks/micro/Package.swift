// swift-tools-version: 6.2
import PackageDescription

// Micro-benchmarks (ordo-one/benchmark): the classifier, the tier 1 cache-hit path and SSE parsing.
// `swift package --package-path benchmarks/micro benchmark` (release build, then the runs).
let package = Package(
    name: "router-micro-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "edge-router", path: "../.."),
        // Without the trait the default pulls in a runtime interposer the mirror does not have.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "RouterBenchmarks",
            dependencies: [
                .product(name: "Domain", package: "edge-router"),
                .product(name: "QueryClassifier", package: "edge-router"),
                .product(name: "Tier1Cache", package: "edge-router"),
                .product(name: "Tier2Compute", package: "edge-router"),
                .product(name: "Tier3AI", package: "edge-router"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RouterBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
