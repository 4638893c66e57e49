// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// rtconsole links the Swift runtime and Foundation statically on Linux: it starts faster (no twenty shared
// libraries to load and relocate) and keeps only the code it uses resident (about 35 MB instead of 40 in a
// call). The libraries after -static-stdlib are what Foundation's static archives need, in link order.
// The toolchain's lld links it (gold would warn about glibc's mktemp, referenced inside Foundation's own
// archive, which rtconsole cannot change). Two more flags take another 4 MB off its resident size: the
// executable exports no symbols (-static-stdlib asks for --export-dynamic: 26,000 symbols whose tables
// the loader reads at start; nothing loads plugins into rtconsole) and its relative relocations are packed
// (RELR, glibc 2.36 and later: 2.5 MB of relocation entries shrink to 20 kB).
let staticRuntime: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-static-stdlib", "-use-ld=lld", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims",
            "-l_FoundationCollections", "-Xlinker", "--no-export-dynamic", "-Xlinker", "-z", "-Xlinker",
            "pack-relative-relocs",
        ],
        .when(platforms: [.linux]))
]

let package = Package(
    name: "rtconsole",
    products: [
        .executable(name: "rtconsole", targets: ["rtconsole"]),
        .library(name: "RealtimeCore", targets: ["RealtimeCore"]),
        .library(name: "RealtimeSim", targets: ["RealtimeSim"]),
        .library(name: "AudioIO", targets: ["AudioIO"]),
        .library(name: "ConsoleUI", targets: ["ConsoleUI"]),
        .library(name: "RealtimeHeadless", targets: ["RealtimeHeadless"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
    ],
    targets: [
        // System libraries: headers from libncurses-dev and libpulse-dev in /usr/include. No pkgConfig:
        // SwiftPM drops its -D flags with a warning, and the shims define what the headers need.
        .systemLibrary(name: "CNcurses"),
        .systemLibrary(name: "CPulse"),
        .systemLibrary(name: "CMalloc"),
        .target(
            name: "RealtimeCore",
            dependencies: [
                "CMalloc",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "WSCore", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AudioIO",
            dependencies: ["RealtimeCore", "CPulse"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RealtimeSim",
            dependencies: [
                "RealtimeCore",
                .product(name: "WSCore", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RealtimeHeadless",
            dependencies: ["RealtimeCore", "AudioIO"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ConsoleUI",
            dependencies: ["RealtimeCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ConsoleSettings",
            dependencies: ["RealtimeCore", "ConsoleUI", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Terminal",
            dependencies: ["CNcurses", "ConsoleUI", "RealtimeCore"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "rtconsole",
            dependencies: [
                "RealtimeCore", "RealtimeSim", "AudioIO", "RealtimeHeadless", "ConsoleUI", "ConsoleSettings", "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: staticRuntime
        ),
        .target(
            name: "RealtimeTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RealtimeCoreTests",
            dependencies: [
                "RealtimeCore", "RealtimeSim", "RealtimeHeadless", "AudioIO", "RealtimeTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ConsoleUITests", dependencies: ["ConsoleUI", "RealtimeCore"], swiftSettings: swiftSettings),
        .testTarget(name: "ConsoleSettingsTests", dependencies: ["ConsoleSettings", "ConsoleUI"], swiftSettings: swiftSettings),
        .testTarget(name: "AudioIOTests", dependencies: ["AudioIO", "RealtimeCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RealtimeSimTests",
            dependencies: [
                "RealtimeCore", "RealtimeSim",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "WSCore", package: "swift-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// The benchmark harness, run by hand through scripts/bench (never from CI or the tests), is built only when
// RTCONSOLE_BENCHMARKS is set, so that a user of the libraries resolves only what the product needs.
if Context.environment["RTCONSOLE_BENCHMARKS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/ordo-one/malloc-interposer.git", from: "1.6.1"))
    package.targets.append(.target(name: "CThreadAffinity"))
    package.targets.append(
        .executableTarget(
            name: "rtbench",
            dependencies: [
                "RealtimeCore", "RealtimeSim", "AudioIO", "ConsoleUI", "CThreadAffinity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            swiftSettings: swiftSettings
        )
    )
}
