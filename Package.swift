// swift-tools-version: 6.1
// The Smart Business Contract toolchain: see README.md and docs/modules.md.
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "SmartBusinessContracts",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cmtc", targets: ["cmtc"]),
        .library(name: "CMTCompiler", targets: ["CMTCompiler"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .target(name: "CMTSource", swiftSettings: strictSettings),
        .target(name: "CMTCompiler", dependencies: ["CMTSource", "CMTBytecode"], swiftSettings: strictSettings),
        .target(
            name: "CMTBytecode",
            dependencies: ["CMTSource", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(name: "CMTVM", dependencies: ["CMTBytecode"], swiftSettings: strictSettings),
        .target(
            name: "CMTWorkflow", dependencies: ["CMTSource", "CMTCompiler", "CMTBytecode", "CMTVM"], swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cmt-process-bench",
            dependencies: ["CMTSource", "CMTVM", "CMTWorkflow"],
            path: "Benchmarks/process",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cmt-vm-bench",
            dependencies: ["CMTBytecode", "CMTVM"],
            path: "Benchmarks/VMBench",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cmtc",
            dependencies: [
                "CMTSource", "CMTCompiler", "CMTBytecode", "CMTVM", "CMTWorkflow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CMTSourceTests", dependencies: ["CMTSource"], swiftSettings: strictSettings),
        .testTarget(
            name: "CMTCompilerTests",
            dependencies: ["CMTCompiler", "CMTSource", "CMTBytecode", "CMTVM"],
            exclude: ["Goldens"],  // data read by DiagnosticGoldenTests through #filePath
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CMTBytecodeTests", dependencies: ["CMTBytecode"], swiftSettings: strictSettings),
        .testTarget(name: "CMTWorkflowTests", dependencies: ["CMTWorkflow", "CMTSource", "CMTVM"], swiftSettings: strictSettings),
        .testTarget(name: "CMTVMTests", dependencies: ["CMTVM", "CMTBytecode"], swiftSettings: strictSettings),
        .testTarget(
            name: "EndToEndTests", dependencies: ["CMTSource", "CMTCompiler", "CMTBytecode", "CMTVM"], swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
