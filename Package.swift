// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "privacy-batch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "privacy-batch", targets: ["privacy-batch"]),
        .executable(name: "privacy-batch-bench", targets: ["privacy-batch-bench"]),
        .library(name: "PrivacyBatch", targets: ["PrivacyBatch"]),
        .library(name: "PrivacyAPISimulator", targets: ["PrivacyAPISimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL", from: "4.3.0"),
        .package(url: "https://github.com/GraphQLSwift/Graphiti", from: "3.1.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // The one CRC-32 of the project: the simulator's zip writer and the client's zip check share it.
        .target(name: "Checksums"),
        // age v1 encryption (X25519 recipients), streamed chunk by chunk; the standard `age` tool opens its files.
        .target(name: "AgeEncryption", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The hash-chained audit log and the Ed25519 evidence keys (OpenSSL's PEM forms); swift-crypto, and Core's
        // calendar.
        .target(
            name: "AuditTrail",
            dependencies: ["PrivacyBatchCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // What every stage shares: the byte-level reader, the row rules, and the values of requests, tasks and
        // failures; the only module with pointer code (confined to the reader).
        .target(name: "PrivacyBatchCore"),
        // The durable record of runs: the ledger, its state machine and the shared request index; the only
        // client module that talks SQL.
        .target(
            name: "PrivacyBatchLedger",
            dependencies: [
                "PrivacyBatchCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The seam to the Buy with Prime privacy API: the `PrivacyAPI` protocol and its HTTP client.
        .target(
            name: "PrivacyBatchAPI",
            dependencies: [
                "PrivacyBatchCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        // The pipeline: submission, tracking and reporting, over the ledger and the API seam.
        .target(
            name: "PrivacyBatch",
            dependencies: [
                "AgeEncryption",
                "AuditTrail",
                "Checksums",
                "PrivacyBatchCore",
                "PrivacyBatchLedger",
                "PrivacyBatchAPI",
                .product(name: "Crypto", package: "swift-crypto"),
                // NIOThreadPool: blocking file work (hashing, reading the input) off the cooperative pool.
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The local stand-in for the Buy with Prime privacy API: the sandbox and the test bed.
        .target(
            name: "PrivacyAPISimulator",
            dependencies: [
                "Checksums",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "Graphiti", package: "Graphiti"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "privacy-batch",
            dependencies: [
                "AuditTrail",
                "PrivacyBatch",
                "PrivacyBatchCore",
                "PrivacyBatchLedger",
                "PrivacyBatchAPI",
                "PrivacyAPISimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "privacy-batch-bench",
            dependencies: [
                "PrivacyBatch",
                "PrivacyBatchCore",
                "PrivacyBatchLedger",
                "PrivacyBatchAPI",
                "PrivacyAPISimulator",
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // Fixtures shared by every test target: temporary folders, a running simulator, sample files.
        .target(
            name: "TestSupport",
            dependencies: [
                "AuditTrail", "PrivacyBatch", "PrivacyBatchCore", "PrivacyBatchLedger", "PrivacyBatchAPI",
                "PrivacyAPISimulator", .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "PrivacyBatchTests",
            dependencies: [
                "AuditTrail", "PrivacyBatch", "PrivacyBatchCore", "PrivacyBatchLedger", "PrivacyBatchAPI", "PrivacyAPISimulator",
                "TestSupport",
            ]
        ),
        // The ledger's own tests may build older schemas and database errors with its storage library.
        .testTarget(
            name: "PrivacyBatchLedgerTests",
            dependencies: [
                "PrivacyBatchCore", "PrivacyBatchLedger", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "AuditTrailTests",
            dependencies: ["AuditTrail", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "AgeEncryptionTests",
            dependencies: ["AgeEncryption", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "PrivacyAPISimulatorTests",
            dependencies: [
                "PrivacyAPISimulator",
                "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "AuditTrail", "PrivacyBatch", "PrivacyBatchCore", "PrivacyBatchLedger", "PrivacyBatchAPI",
                "PrivacyAPISimulator", "TestSupport", "privacy-batch", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
