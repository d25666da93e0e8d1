// swift-tools-version: 6.2
import PackageDescription

// Benchmarks live in their own package so the main build stays lean.
let package = Package(
    name: "router-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "edge-router", path: ".."),
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
    ]
)
