import CFuzzDriver
import FuzzEntryPoints

#if canImport(Glibc)
import Glibc
#endif

/// The harness this process fuzzes. `nonisolated(unsafe)`: written once by `runFuzzer` on the
/// main thread before libFuzzer starts, then only read by libFuzzer on that same thread.
nonisolated(unsafe) private var current: FuzzHarness?

/// libFuzzer's entry point: one input for the current harness (a trap is a finding).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = current?.run(bytes)
    return 0
}

/// Hands the process to libFuzzer with `harness` as the target; called from a harness's
/// main.swift with the process's arguments (libFuzzer's flags and corpus directories).
public func runFuzzer(_ harness: FuzzHarness) -> Never {
    current = harness
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = tachikoma_fuzz_run_driver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) }
    exit(status)
}
