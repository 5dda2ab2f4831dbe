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
        .executable(name: "cmt-node", targets: ["cmt-node"]),
        .library(name: "CMTCompiler", targets: ["CMTCompiler"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.0.0"),
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
        .target(name: "CMTRuleEngine", dependencies: ["CMTBytecode", "CMTVM"], swiftSettings: strictSettings),
        .target(
            name: "CMTRules", dependencies: ["CMTSource", "CMTCompiler", "CMTBytecode", "CMTVM", "CMTRuleEngine"], swiftSettings: strictSettings
        ),
        .target(name: "RuleBenchmarks", dependencies: ["CMTRules", "CMTRuleEngine", "CMTVM", "CMTBytecode"], path: "Benchmarks/rules/RuleBenchmarks",
                swiftSettings: strictSettings),
        .executableTarget(name: "cmt-rules-bench", dependencies: ["RuleBenchmarks", "CMTRuleEngine"], path: "Benchmarks/rules/RulesBench",
                          swiftSettings: strictSettings),
        .target(name: "CMTProcessEngine", dependencies: ["CMTSource", "CMTBytecode", "CMTVM"], swiftSettings: strictSettings),
        .target(
            name: "CMTWorkflow", dependencies: ["CMTSource", "CMTCompiler", "CMTBytecode", "CMTVM", "CMTProcessEngine"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cmt-process-bench",
            dependencies: ["CMTSource", "CMTVM", "CMTWorkflow", "CMTProcessEngine"],
            path: "Benchmarks/process",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cmt-vm-bench",
            dependencies: ["CMTBytecode", "CMTVM"],
            path: "Benchmarks/VMBench",
            swiftSettings: strictSettings
        ),
        .target(
            name: "CMTFuzzKit",
            dependencies: ["CMTSource", "CMTCompiler", "CMTBytecode", "CMTVM"],
            path: "Benchmarks/fuzz/Kit",
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "fuzz-frontend", dependencies: ["CMTFuzzKit"], path: "Benchmarks/fuzz/FrontendEntry", swiftSettings: strictSettings),
        .executableTarget(name: "fuzz-vm", dependencies: ["CMTFuzzKit"], path: "Benchmarks/fuzz/VMEntry", swiftSettings: strictSettings),
        .target(
            name: "CMTReaderFuzzKit",
            dependencies: ["CMTFuzzKit", "CMTSource", "CMTWorkflow", "CMTRules", "CMTBundle", "CMTBuild"],
            path: "Benchmarks/fuzz/ReaderKit",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "fuzz-readers", dependencies: ["CMTReaderFuzzKit", "CMTFuzzKit"], path: "Benchmarks/fuzz/ReaderEntry",
            swiftSettings: strictSettings
        ),
        .target(
            name: "CMTBundle",
            dependencies: [
                "CMTSource", "CMTBytecode", "CMTVM", "CMTRuleEngine", "CMTProcessEngine",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CMTRPCFuzzKit", dependencies: ["CMTNode", "CMTChain", "CMTBytecode", "CMTFuzzKit"], path: "Benchmarks/fuzz/RPCKit",
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "fuzz-rpc", dependencies: ["CMTRPCFuzzKit", "CMTFuzzKit"], path: "Benchmarks/fuzz/RPCEntry", swiftSettings: strictSettings),
        .target(
            name: "CMTTxFuzzKit", dependencies: ["CMTFuzzKit", "CMTChain", "CMTBytecode", .product(name: "Crypto", package: "swift-crypto")],
            path: "Benchmarks/fuzz/TxKit", swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "fuzz-tx", dependencies: ["CMTTxFuzzKit", "CMTFuzzKit"], path: "Benchmarks/fuzz/TxEntry", swiftSettings: strictSettings
        ),
        .target(
            name: "CMTBuild",
            dependencies: [
                "CMTSource", "CMTCompiler", "CMTBytecode", "CMTVM", "CMTRules", "CMTRuleEngine", "CMTWorkflow", "CMTProcessEngine", "CMTBundle",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CMTTesting",
            dependencies: ["CMTBytecode", "CMTCompiler", "CMTVM", "CMTRuleEngine", "CMTRules", "CMTProcessEngine", "CMTWorkflow"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CMTRepl",
            dependencies: ["CMTSource", "CMTBytecode", "CMTCompiler", "CMTVM", "CMTRuleEngine", "CMTRules", "CMTBuild"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CMTChain",
            dependencies: [
                "CMTBytecode", "CMTVM", "CMTRuleEngine", "CMTProcessEngine", "CMTBundle", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CMTNode",
            dependencies: [
                "CMTChain", "CMTBytecode", "CMTVM", "CMTBundle", "CMTProcessEngine", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CMTClient",
            dependencies: [
                "CMTNode", "CMTChain", "CMTBundle", "CMTVM", "CMTBytecode", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "CallgrindControl", path: "Benchmarks/chain/CallgrindControl"),
        .target(
            name: "ChainWorkloads", dependencies: ["CMTChain", "CMTBytecode", "CMTVM", .product(name: "Crypto", package: "swift-crypto")],
            path: "Benchmarks/chain/Workloads", swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cmt-chain-bench",
            dependencies: [
                "CMTChain", "ChainWorkloads", "CallgrindControl", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "Benchmarks/chain/ChainBench",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cmt-chain-crash", dependencies: ["CMTChain", "CMTBytecode"], path: "Benchmarks/chain/Crash",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cmt-node",
            dependencies: ["CMTNode", "CMTChain", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cmtc",
            dependencies: [
                "CMTSource", "CMTCompiler", "CMTBytecode", "CMTVM", "CMTRules", "CMTRuleEngine", "CMTWorkflow", "CMTProcessEngine",
                "CMTBundle", "CMTBuild", "CMTChain", "CMTNode", "CMTClient", "CMTTesting", "CMTRepl", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CMTSourceTests", dependencies: ["CMTSource"], swiftSettings: strictSettings),
        .testTarget(
            name: "CMTCompilerTests",
            dependencies: ["CMTCompiler", "CMTSource", "CMTBytecode", "CMTVM", "CMTFuzzKit"],
            exclude: ["Goldens"],  // data read by DiagnosticGoldenTests through #filePath
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CMTRulesTests",
            dependencies: ["CMTRules", "CMTRuleEngine", "CMTCompiler", "CMTSource", "CMTVM", "CMTBytecode", "RuleBenchmarks"],
            exclude: ["Goldens"],  // data read by RuleGoldenTests through #filePath
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CMTBytecodeTests", dependencies: ["CMTBytecode"], swiftSettings: strictSettings),
        .testTarget(
            name: "CMTWorkflowTests",
            dependencies: ["CMTWorkflow", "CMTProcessEngine", "CMTSource", "CMTVM", "CMTCompiler", "CMTBytecode", "CMTBundle", "CMTBuild"],
            exclude: ["Conformance"],  // the project's own jPDL scenarios, read by ConformanceTests through #filePath
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CMTBuildTests",
            dependencies: [
                "CMTBuild", "CMTSource", "CMTBytecode", "CMTVM", "CMTWorkflow", "CMTRuleEngine", "CMTProcessEngine", "CMTBundle", "CMTReaderFuzzKit", "CMTFuzzKit",
            ],
            exclude: ["Goldens"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CMTChainTests",
            dependencies: [
                "CMTChain", "ChainWorkloads", "CMTBundle", "CMTBuild", "CMTVM", "CMTBytecode", "CMTSource", "CMTTestSupport", "CMTTxFuzzKit",
                "CMTFuzzKit",
            ],
            exclude: ["Python", "Goldens"],  // the proof verifier (run by ProofVerifierTests) and transaction vectors
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CMTNodeTests",
            dependencies: [
                "CMTNode", "CMTChain", "CMTBytecode", "CMTVM", "CMTBundle", "CMTBuild", "CMTSource", "CMTRPCFuzzKit", "CMTFuzzKit",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Goldens"],  // the JSON-RPC specification's examples and the consensus key vector
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CMTClientTests",
            dependencies: [
                "CMTClient", "CMTNode", "CMTChain", "CMTBundle", "CMTVM", "CMTBytecode", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "ModuleBoundaryTests", swiftSettings: strictSettings),
        .testTarget(
            name: "CMTTestingTests",
            dependencies: ["CMTTesting", "CMTChain", "CMTBuild", "CMTBundle", "CMTCompiler", "CMTVM", "CMTBytecode", "CMTSource"],
            swiftSettings: strictSettings),
        .testTarget(name: "CMTVMTests", dependencies: ["CMTVM", "CMTBytecode", "CMTFuzzKit", "CMTTestSupport"], swiftSettings: strictSettings),
        // What several test targets share (PythonVenv: PyPI packages in a private virtual environment).
        .target(name: "CMTTestSupport", path: "Tests/TestSupport", swiftSettings: strictSettings),
        .testTarget(
            name: "EndToEndTests", dependencies: ["CMTSource", "CMTCompiler", "CMTBytecode", "CMTVM", "CMTChain"],
            exclude: ["Scripts"],  // the pseudo-terminal driver CmtcReplTerminalTests runs with python3
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
