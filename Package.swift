// swift-tools-version: 6.0
// The Tachikoma package: a terminal desktop pet that chats, and its IRC server.
// ARCHITECTURE.md draws the dependency graph of these targets.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The server's hot path (IRC parsing, the core's relay, the adapter's writes): release builds
/// skip the run-time exclusivity checks on class properties, which were ~6 % of the server's
/// samples in fan-out (BENCHMARKS.md, issue 16). Debug builds, which the tests run, keep
/// them, so an overlapping access still fails a test.
let serverHotPath: [SwiftSetting] = strict + [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

/// MDNSNIO hands NIO an `in_addr` that Clang attributes to NIO's internal CNIOLinux module
/// (not a product, so it cannot be declared): member import visibility stays off there only.
let strictWithNIOSocketTypes: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Tachikoma",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tachikoma", targets: ["tachikoma"]),
        .executable(name: "tachikoma-server", targets: ["tachikoma-server"]),
        // The decoders of outside bytes as the fuzz harnesses in Fuzz/ (a package of its own,
        // built by scripts/fuzz.sh with libFuzzer) call them.
        .library(name: "FuzzEntryPoints", targets: ["FuzzEntryPoints"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // MARK: C bridges (macros and globals wrapped in static inline functions)
        .target(name: "CNcursesw", linkerSettings: [.linkedLibrary("ncursesw")]),
        .target(name: "CPNG", linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z")]),
        .target(name: "CPNGWrite", linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z")]),
        .target(name: "CMemory"),

        // MARK: Pure logic, no I/O
        .target(name: "SeededRandom", swiftSettings: strict),
        .target(name: "TachikomaVersion", swiftSettings: strict),
        .target(name: "UserDirectories", swiftSettings: strict),
        // Adapters: files read with a size cap and written never half (FileIO); frame files from disk.
        .target(name: "FileIO", swiftSettings: strict),
        .target(name: "FrameFiles", dependencies: ["FileIO", "Frames"], swiftSettings: strict),
        .target(name: "ScreenCore", swiftSettings: strict),
        .target(name: "IRCProtocol", swiftSettings: serverHotPath),
        .target(name: "SCRAM", swiftSettings: strict),
        .target(name: "ServerCore", dependencies: ["IRCProtocol", "SCRAM", "TachikomaVersion"], swiftSettings: serverHotPath),
        .target(name: "ChatCore", dependencies: ["IRCProtocol", "SCRAM", "SeededRandom"], swiftSettings: strict),
        .target(name: "ChatUI", dependencies: ["ChatCore", "LineEditing", "PetCore", "ScreenCore", "TerminalInput"], swiftSettings: strict),
        .target(name: "LineEditing", dependencies: ["ScreenCore", "TerminalInput"], swiftSettings: strict),
        .target(name: "TerminalInput", swiftSettings: strict),
        .target(name: "PetCore", dependencies: ["ScreenCore", "SeededRandom", "TachikomaVersion", "TerminalInput", "WordBook"], swiftSettings: strict),
        .target(name: "WordBook", dependencies: ["SeededRandom"], swiftSettings: strict),

        .target(name: "Translator", swiftSettings: strict),
        .target(name: "Frames", dependencies: ["ScreenCore"], swiftSettings: strict),
        .target(name: "ImageConversion", dependencies: ["Frames", "ScreenCore"], swiftSettings: strict),
        .target(name: "Screenshot", dependencies: ["ScreenCore", "UserDirectories"], swiftSettings: strict),
        .target(name: "TranslateUI", dependencies: ["LineEditing", "PetCore", "ScreenCore", "TerminalInput", "Translator", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")], swiftSettings: strict),
        .target(name: "ServerStatus", dependencies: ["ScreenCore"], swiftSettings: strict),
        .target(name: "MDNS", swiftSettings: strict),
        .target(name: "ServerDiscovery", dependencies: ["MDNS"], swiftSettings: strict),
        .target(name: "TOMLPrecheck", swiftSettings: strict),

        // MARK: Adapters
        .target(
            name: "SCRAMCrypto",
            dependencies: ["SCRAM", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "ServerConfigTOML",
            dependencies: ["IRCProtocol", "ServerCore", "TOMLPrecheck", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strict
        ),
        .target(
            name: "ServerNIO",
            dependencies: [
                "CMemory", "FileIO",
                "IRCProtocol", "ServerCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: serverHotPath
        ),
        .target(
            name: "ChatNIO",
            dependencies: [
                "ChatCore", "IRCProtocol", "SCRAMCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ServerStorageEngine",
            dependencies: ["IRCProtocol", "ServerCore", "SCRAMCrypto"],
            swiftSettings: strict
        ),
        .target(
            name: "ServerSQLite",
            dependencies: [
                "IRCProtocol", "ServerCore", "ServerStorageEngine", "SCRAM", "SCRAMCrypto",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ServerPostgres",
            dependencies: [
                "IRCProtocol", "ServerCore", "ServerStorageEngine", "SCRAM", "SCRAMCrypto",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ServerMetrics",
            dependencies: [
                "ServerCore",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ServerStatusNIO",
            dependencies: [
                "ServerStatus",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "MDNSNIO",
            dependencies: [
                "MDNS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictWithNIOSocketTypes
        ),
        .target(name: "ImageDecoding", dependencies: ["CPNG", "FileIO", "Frames", "ImageConversion"], swiftSettings: strict),
        .target(name: "TerminalCurses", dependencies: ["CNcursesw", "ScreenCore"], swiftSettings: strict),
        // The poll/signal/inbox loop of both curses programs (the pet, `tachikoma-server status`).
        .target(name: "TerminalLoop", dependencies: ["CNcursesw", "TerminalCurses", "TerminalInput", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")], swiftSettings: strict),
        .target(
            name: "PetApp",
            dependencies: ["TerminalCurses", "TerminalLoop", "PetCore", "ScreenCore", "TerminalInput", "Frames", "FrameFiles", "TOMLPrecheck", "UserDirectories",
                           .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strict
        ),
        .target(name: "TranslatorMmap", dependencies: ["Translator", "UserDirectories"], swiftSettings: strict),
        .target(
            name: "WordBookSQLite",
            dependencies: ["WordBook", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(name: "ScreenshotFiles", dependencies: ["FileIO", "CPNGWrite", "Screenshot", "ScreenCore"], swiftSettings: strict),
        .target(
            name: "TranslateConfigTOML",
            dependencies: ["Translator", "TOMLPrecheck", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strict
        ),
        // The online backends over HTTP(S): AsyncHTTPClient, whose body stream can be read with a cap.
        .target(
            name: "TranslatorHTTP",
            dependencies: [
                "Translator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ChatSettingsTOML",
            dependencies: ["ChatCore", "ChatUI", "TOMLPrecheck", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strict
        ),

        // MARK: Fuzzing support (issue 17): every decoder of outside bytes behind one call
        .target(
            name: "FuzzEntryPoints",
            dependencies: [
                "IRCProtocol", "TerminalInput", "Frames", "ImageDecoding", "PetApp", "ServerConfigTOML",
                "ChatSettingsTOML", "ServerStatus", "SCRAM", "Translator", "TranslateConfigTOML", "MDNS",
            ],
            swiftSettings: strict
        ),

        // MARK: Executables (thin)
        .executableTarget(
            name: "tachikoma",
            dependencies: [
                "ScreenCore", "TerminalCurses", "TerminalLoop", "PetApp", "PetCore", "Translator", "TranslatorMmap", "TranslatorHTTP", "TranslateConfigTOML", "TranslateUI",
                "ChatCore", "ChatNIO", "ChatUI", "ChatSettingsTOML", .product(name: "TOMLKit", package: "TOMLKit"),
                "MDNS", "MDNSNIO", "ServerDiscovery", .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                "Frames", "ImageConversion", "ImageDecoding", "Screenshot", "ScreenshotFiles", "WordBook", "WordBookSQLite",
                "FileIO", "UserDirectories", "TachikomaVersion",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tachikoma-server",
            dependencies: [
                "ServerCore", "ServerNIO", "ServerConfigTOML", "ServerStorageEngine", "ServerSQLite", "ServerPostgres", "ServerMetrics",
                "ServerStatus", "ServerStatusNIO", "ScreenCore", "TerminalCurses", "TerminalInput", "TerminalLoop",
                "MDNS", "MDNSNIO", "ServerDiscovery", "UserDirectories", "TachikomaVersion",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Test support and tests
        .target(name: "TerminalHarness", dependencies: ["ScreenCore"], swiftSettings: strict),
        .testTarget(name: "ScreenCoreTests", dependencies: ["ScreenCore", "TerminalHarness"], swiftSettings: strict),
        .testTarget(name: "TerminalInputTests", dependencies: ["TerminalInput"], swiftSettings: strict),
        .testTarget(name: "TerminalLoopTests", dependencies: ["TerminalLoop"], swiftSettings: strict),
        .testTarget(name: "PetCoreTests", dependencies: ["PetCore", "ScreenCore", "TerminalInput", "WordBook"], swiftSettings: strict),
        .testTarget(name: "WordBookTests", dependencies: ["WordBook"], swiftSettings: strict),
        .testTarget(
            name: "WordBookSQLiteTests",
            dependencies: ["WordBook", "WordBookSQLite", "TerminalHarness", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(name: "IRCProtocolTests", dependencies: ["IRCProtocol", "SeededRandom"], swiftSettings: strict),
        .testTarget(name: "ChatCoreTests", dependencies: ["ChatCore", "IRCProtocol", "SCRAM", "SCRAMCrypto", "SeededRandom", "TerminalHarness"], swiftSettings: strict),
        .testTarget(name: "LineEditingTests", dependencies: ["LineEditing", "ScreenCore", "TerminalInput"], swiftSettings: strict),
        .testTarget(name: "ChatUITests", dependencies: ["ChatUI", "ChatCore", "LineEditing", "PetCore", "ScreenCore", "TerminalInput"],
                    swiftSettings: strict),
        .testTarget(
            name: "ChatNIOTests",
            dependencies: [
                "ChatCore", "ChatNIO", "IRCProtocol", "SeededRandom", "ServerCore", "ServerNIO", "TerminalHarness",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "IRCProtocol", "ServerCore", "ServerNIO", "ServerConfigTOML", "ServerStorageEngine", "ServerSQLite", "ServerPostgres",
                "ServerMetrics",
                "TerminalHarness",
                "SCRAM", "SCRAMCrypto",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // ServerCore as a pure core: events in, its Outbox read back; no socket, no NIO.
        .testTarget(
            name: "ServerCoreTests",
            dependencies: ["IRCProtocol", "SCRAMCrypto", "SeededRandom", "ServerCore", "ServerStorageEngine", "ServerSQLite",
                           "TerminalHarness"],
            swiftSettings: strict
        ),
        // The conformance suite: the real tachikoma-server binary over TCP, one file per
        // specification; it links no server code (its own line client and parser).
        .testTarget(name: "ConformanceTests", dependencies: ["TerminalHarness"], swiftSettings: strict),
        .testTarget(name: "ServerStatusTests", dependencies: ["ServerStatus", "ScreenCore"], swiftSettings: strict),
        .testTarget(name: "MDNSTests", dependencies: ["MDNS", "SeededRandom"], swiftSettings: strict),
        .testTarget(name: "ServerDiscoveryTests", dependencies: ["ServerDiscovery", "MDNS"], swiftSettings: strict),
        .testTarget(
            name: "MDNSNIOTests",
            dependencies: [
                "MDNS", "MDNSNIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Across a real link: two network namespaces joined by a veth pair, our binaries in
        // one and python-zeroconf in the other.
        .testTarget(name: "DiscoveryInteropTests", dependencies: ["TerminalHarness"], swiftSettings: strict),
        .testTarget(name: "SCRAMTests", dependencies: ["SCRAM", "SCRAMCrypto"], swiftSettings: strict),
        .testTarget(
            name: "ServerSQLiteTests",
            dependencies: ["ServerSQLite", "ServerCore", "SCRAM", "SCRAMCrypto", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // One storage contract run unchanged against SQLite and a private PostgreSQL cluster
        // (started by the tests, see PostgresCluster.swift), and the server binary on PostgreSQL.
        .testTarget(
            name: "StorageContractTests",
            dependencies: [
                "ServerStorageEngine", "ServerSQLite", "ServerPostgres", "ServerCore", "SCRAM", "SCRAMCrypto", "IRCProtocol",
                "TerminalHarness",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TranslatorTests", dependencies: ["Translator", "TranslatorMmap", "TranslatorHTTP", "TranslateConfigTOML", "TerminalHarness"],
            exclude: ["Fixtures"], swiftSettings: strict
        ),
        .testTarget(
            name: "TranslateUITests", dependencies: ["TranslateUI", "LineEditing", "Translator", "TranslatorMmap", "PetCore", "ScreenCore", "TerminalInput"],
            exclude: ["Golden"], swiftSettings: strict
        ),
        .testTarget(name: "FramesTests", dependencies: ["FileIO", "FrameFiles", "Frames"], swiftSettings: strict),
        .testTarget(name: "UserDirectoriesTests", dependencies: ["UserDirectories"], swiftSettings: strict),
        .testTarget(name: "FileIOTests", dependencies: ["FileIO"], swiftSettings: strict),
        .testTarget(name: "ScreenshotTests", dependencies: ["FileIO", "Screenshot", "ScreenshotFiles", "ScreenCore"], swiftSettings: strict),
        .testTarget(
            name: "ImageDecodingTests", dependencies: ["FileIO", "ImageDecoding", "ImageConversion", "Frames"],
            exclude: ["Fixtures"], swiftSettings: strict
        ),
        // TOMLPrecheck against the TOML 1.0.0 specification (each valid example also read by
        // TOMLKit), and the config readers given text TOMLKit must never see (issue 17).
        .testTarget(
            name: "TOMLConfigTests",
            dependencies: [
                "TOMLPrecheck", "PetApp", "ServerConfigTOML", "TranslateConfigTOML", "ChatSettingsTOML",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strict
        ),
        // Every seed and past finding in Fuzz/ through the same entry points, without libFuzzer.
        .testTarget(name: "FuzzCorpusTests", dependencies: ["FuzzEntryPoints"], swiftSettings: strict),
        .testTarget(name: "ConvertCommandTests", dependencies: ["FrameFiles", "Frames", "TerminalHarness"], swiftSettings: strict),
        .testTarget(name: "ImageConversionTests", dependencies: ["ImageConversion", "Frames", "ScreenCore"], swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["TerminalHarness", "ScreenCore", "Screenshot", "ScreenshotFiles"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

// MARK: Folders
// Each target lives in the folder of the part it belongs to (module names do not change):
// Sources/<Part>/<Target> and Tests/<Part>/<TestTarget>, as ARCHITECTURE.md groups them.
let parts: [String: [String]] = [
    "Apps": ["tachikoma", "tachikoma-server"],
    "Bridges": ["CNcursesw", "CPNG", "CPNGWrite", "CMemory"],
    "Shared": ["FileIO", "SeededRandom", "TachikomaVersion", "UserDirectories", "TOMLPrecheck", "FuzzEntryPoints",
               "UserDirectoriesTests", "FileIOTests", "TOMLConfigTests", "FuzzCorpusTests"],
    "Terminal": ["ScreenCore", "TerminalInput", "TerminalCurses", "TerminalLoop", "LineEditing",
                 "ScreenCoreTests", "TerminalInputTests", "TerminalLoopTests", "LineEditingTests", "TerminalHarness"],
    "Pet": ["PetCore", "PetApp", "PetCoreTests", "EndToEndTests"],
    "Art": ["Frames", "FrameFiles", "ImageConversion", "ImageDecoding",
            "FramesTests", "ImageDecodingTests", "ImageConversionTests", "ConvertCommandTests"],
    "IRC": ["IRCProtocol", "SCRAM", "SCRAMCrypto", "IRCProtocolTests", "SCRAMTests"],
    "Chat": ["ChatCore", "ChatUI", "ChatNIO", "ChatSettingsTOML", "ChatCoreTests", "ChatUITests", "ChatNIOTests"],
    "Translate": ["Translator", "TranslatorMmap", "TranslatorHTTP", "TranslateConfigTOML", "TranslateUI", "WordBook", "WordBookSQLite",
                  "WordBookTests", "WordBookSQLiteTests", "TranslatorTests", "TranslateUITests"],
    "Screenshots": ["Screenshot", "ScreenshotFiles", "ScreenshotTests"],
    "Server": ["ServerCore", "ServerNIO", "ServerStorageEngine", "ServerSQLite", "ServerPostgres", "ServerConfigTOML", "ServerMetrics",
               "ServerStatus", "ServerStatusNIO",
               "ServerTests", "ServerCoreTests", "ConformanceTests", "ServerStatusTests", "ServerSQLiteTests",
               "StorageContractTests"],
    "Discovery": ["MDNS", "MDNSNIO", "ServerDiscovery",
                  "MDNSTests", "ServerDiscoveryTests", "MDNSNIOTests", "DiscoveryInteropTests"],
]
for (part, names) in parts {
    for target in package.targets where names.contains(target.name) {
        let top = target.type == .test || target.name == "TerminalHarness" ? "Tests" : "Sources"
        target.path = "\(top)/\(part)/\(target.name)"
    }
}
