// swift-tools-version: 6.0
// Coverage-guided fuzz harnesses (issue 17): one libFuzzer executable per decoder of outside
// bytes, each calling FuzzEntryPoints from the main package. Built only by scripts/fuzz.sh,
// with `-sanitize=fuzzer,address`, never by the main package's `swift build`. Each harness's
// main.swift hands the process to libFuzzer (`LLVMFuzzerRunDriver`): SwiftPM points `main`
// at the Swift module's entry point, so libFuzzer's own `main` cannot be used.
// See DEVELOPING.md (Fuzzing) and RELIABILITY.md.
import PackageDescription

/// Harness names; each is `Sources/fuzz-<name>` and `Corpus/<name>`, and matches a
/// `FuzzHarness` of the same name.
let harnesses = [
    "irc", "terminal-input", "frames", "gif", "png", "toml", "prometheus", "scram", "dictionary", "mdns",
    "translator-response",
]

let package = Package(
    name: "TachikomaFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Tachikoma", path: "..")],
    targets: [
        // libFuzzer's driver behind one C function (the harnesses call it from main).
        .target(name: "CFuzzDriver"),
        // LLVMFuzzerTestOneInput and the hand-over to libFuzzer, shared by every harness.
        .target(name: "FuzzDriver", dependencies: ["CFuzzDriver", .product(name: "FuzzEntryPoints", package: "Tachikoma")]),
    ] + harnesses.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: ["FuzzDriver", .product(name: "FuzzEntryPoints", package: "Tachikoma")]
        )
    },
    swiftLanguageModes: [.v6]
)
