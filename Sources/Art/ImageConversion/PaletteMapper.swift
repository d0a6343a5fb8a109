import ScreenCore

/// Maps colours to the nearest entry of a terminal palette in OKLab, through a lookup
/// table over 5-bit-per-channel RGB so the converter can ask millions of times.
struct PaletteMapper: Sendable {
    /// The palette indices that may be chosen.
    let indices: [UInt8]
    /// The sRGB value of each choosable index, as 0...1 floats.
    let entries: [(Float, Float, Float)]
    /// For each 15-bit RGB key, the position in `indices` of the nearest entry.
    private let table: [UInt8]

    /// A mapper onto the xterm palette entries `indices`. `chromaWeight` scales the a/b
    /// (colourfulness) axes of OKLab: with few entries, a wrong hue looks worse than a
    /// wrong lightness (a light grey must not become cyan).
    init(indices: [UInt8], chromaWeight: Float = 1) {
        self.indices = indices
        let rgbs = indices.map { XtermPalette.rgb($0) }
        entries = rgbs.map { (Float($0.r) / 255, Float($0.g) / 255, Float($0.b) / 255) }
        let labs = rgbs.map(ColorMath.oklab)
        var table = [UInt8](repeating: 0, count: 32 * 32 * 32)
        for key in 0..<(32 * 32 * 32) {
            let c = RGB(PaletteMapper.expand(key >> 10), PaletteMapper.expand(key >> 5 & 31), PaletteMapper.expand(key & 31))
            let (l, a, b) = ColorMath.oklab(c)
            var best = 0
            var bestD = Float.greatestFiniteMagnitude
            for (i, e) in labs.enumerated() {
                let d = (l - e.0) * (l - e.0) + chromaWeight * chromaWeight * ((a - e.1) * (a - e.1) + (b - e.2) * (b - e.2))
                if d < bestD { bestD = d; best = i }
            }
            table[key] = UInt8(best)
        }
        self.table = table
    }

    private static func expand(_ v: Int) -> UInt8 { UInt8((v & 31) * 255 / 31) }

    /// The position (in `indices`) of the entry nearest sRGB-encoded (`r`, `g`, `b`) in 0...1.
    @inline(__always)
    func nearest(_ r: Float, _ g: Float, _ b: Float) -> Int {
        func k(_ v: Float) -> Int { Int(min(max(v, 0), 1) * 31 + 0.5) }
        return Int(table[k(r) << 10 | k(g) << 5 | k(b)])
    }

    /// The cube and grey ramp (16–255): what 256-colour mode uses, since terminals redefine 0–15.
    static let xterm256 = PaletteMapper(indices: Array(16...255), chromaWeight: 1)
    /// The 16 system colours, as xterm draws them by default (hue weighted 1.5x: measured
    /// on the fidelity images it lowers ΔE2000 for a small SSIM cost, and keeps greys grey).
    static let system16 = PaletteMapper(indices: Array(0...15), chromaWeight: 1.5)
}

