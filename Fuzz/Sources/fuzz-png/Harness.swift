import FuzzEntryPoints

/// libFuzzer's entry point: one input for `FuzzHarness.png` (a trap is a finding).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = FuzzHarness.png.run(bytes)
    return 0
}
