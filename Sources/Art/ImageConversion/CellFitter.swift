import Frames
import ScreenCore

/// Chooses, for one cell's 8x16 samples, the glyph and the two colours that reproduce
/// them best: for every candidate glyph the ideal foreground and background are the
/// linear-light means of the samples under and outside its ink, rounded to what the mode
/// can show; the glyph with the least squared error (in sRGB-encoded values, close to how
/// the eye and the screen compare) wins. Partly transparent cells may keep the terminal's
/// background (`Color.default`) for the part that is transparent.
struct CellFitter {
    let mode: RenderMode
    let glyphs: [Character]
    /// Masks, `glyphs.count * n` floats.
    let masks: [Float]
    let inkSums: [Float]
    let inkSquares: [Float]
    let palette: PaletteMapper?
    static let n = SymbolSet.sampleCount
    /// Cost per sample of painting over a transparent sample (keeps sprites' edges clean).
    static let coverPenalty: Float = 0.03
    /// Weight of the luma error next to the RGB error when choosing palette colours.
    /// Measured with scripts/bench-fidelity.sh: in 16 colours a weight of 25 lifts SSIM-Y
    /// above chafa's while ΔE2000 stays below it; 3 does the same in 256 colours.
    static let lumaWeight16: Float = 25
    /// See `lumaWeight16`.
    static let lumaWeight256: Float = 3

    let averaging: Averaging
    let colorChoice: ColorChoice

    init(mode: RenderMode, symbols: SymbolSet, averaging: Averaging = .linear, colorChoice: ColorChoice = .faithful) {
        self.mode = mode
        self.averaging = averaging
        self.colorChoice = colorChoice
        let set = mode.isASCII ? SymbolSet.ascii.symbols : symbols.symbols
        glyphs = set.map(\.glyph)
        masks = set.flatMap(\.mask)
        inkSums = set.map(\.inkSum)
        inkSquares = set.map { $0.mask.reduce(0) { $0 + $1 * $1 } }
        switch mode {
        case .ansi256: palette = .xterm256
        case .ansi16: palette = .system16
        default: palette = nil
        }
    }

    /// The samples of one cell summed the ways every candidate's error needs them.
    private struct CellTotals {
        /// Encoded samples (composited over black, the assumed terminal background).
        var sr: [Float], sg: [Float], sb: [Float]
        /// Σ s², and the sums of encoded and of linear samples and of alpha.
        var s2: Float = 0, tsr: Float = 0, tsg: Float = 0, tsb: Float = 0
        var tpr: Float = 0, tpg: Float = 0, tpb: Float = 0, ta: Float = 0
        /// Samples at least half opaque; fewer than all makes the cell "mixed".
        var opaque: Int
        var mixed: Bool { opaque < CellFitter.n }
    }

    /// The best cell so far: its error, symbol index and colours.
    private typealias Choice = (error: Float, glyph: Int, fg: Color, bg: Color)

    /// The cell for samples (premultiplied linear `lr`, `lg`, `lb`, alpha `la`), or nil
    /// when the cell is transparent. Every symbol is tried with the mean colours under and
    /// outside its ink (`fitByMeans`); palette modes then search the palette entries those
    /// means led to (`refineInPalette`).
    func fit(lr: [Float], lg: [Float], lb: [Float], la: [Float]) -> FrameCell? {
        guard let t = totals(lr: lr, lg: lg, lb: lb, la: la) else { return nil }
        if mode == .ascii { return fitMono(sr: t.sr, sg: t.sg, sb: t.sb) }
        // Per-symbol sums kept for the palette refinement: Σm·s (3) and Σm·a.
        var sums = [Float](repeating: 0, count: glyphs.count * 4)
        var candidates = Set<Int>()
        var best = fitByMeans(t, lr: lr, lg: lg, lb: lb, la: la, sums: &sums, candidates: &candidates)
        if let palette { best = refineInPalette(palette, t, sums: sums, candidates: candidates) }
        let glyph = glyphs[best.glyph]
        if glyph == " " && best.bg == .default { return nil }
        if glyph == " " { return FrameCell(" ", fg: best.bg, bg: best.bg) }
        return FrameCell(glyph, fg: best.fg, bg: best.bg)
    }

    /// Sums a cell's samples; nil when no sample is opaque (the cell stays transparent).
    private func totals(lr: [Float], lg: [Float], lb: [Float], la: [Float]) -> CellTotals? {
        let n = CellFitter.n
        var opaque = 0
        for i in 0..<n where la[i] >= 0.5 { opaque += 1 }
        if opaque == 0 { return nil }
        let zero = [Float](repeating: 0, count: n)
        var t = CellTotals(sr: zero, sg: zero, sb: zero, opaque: opaque)
        for i in 0..<n {
            t.sr[i] = encode(lr[i]); t.sg[i] = encode(lg[i]); t.sb[i] = encode(lb[i])
            t.s2 += t.sr[i] * t.sr[i] + t.sg[i] * t.sg[i] + t.sb[i] * t.sb[i]
            t.tsr += t.sr[i]; t.tsg += t.sg[i]; t.tsb += t.sb[i]
            t.tpr += lr[i]; t.tpg += lg[i]; t.tpb += lb[i]; t.ta += la[i]
        }
        return t
    }

    /// Every symbol with the mean colours under and outside its ink, the least error kept;
    /// fills each symbol's sums and the palette entries the means led to, for the refinement.
    private func fitByMeans(_ t: CellTotals, lr: [Float], lg: [Float], lb: [Float], la: [Float],
                            sums: inout [Float], candidates: inout Set<Int>) -> Choice {
        let n = CellFitter.n
        let fn = Float(n)
        let mixed = t.mixed
        var best: Choice = (.greatestFiniteMagnitude, 0, .default, .default)
        masks.withUnsafeBufferPointer { mk in
            for k in 0..<glyphs.count {
                let base = k * n
                var msr: Float = 0, msg: Float = 0, msb: Float = 0
                var mpr: Float = 0, mpg: Float = 0, mpb: Float = 0, ma: Float = 0
                for i in 0..<n {
                    let m = mk[base + i]
                    if m == 0 { continue }
                    msr += m * t.sr[i]; msg += m * t.sg[i]; msb += m * t.sb[i]
                    mpr += m * lr[i]; mpg += m * lg[i]; mpb += m * lb[i]; ma += m * la[i]
                }
                let ink = inkSums[k], m2 = inkSquares[k]
                let out = fn - ink
                sums[k * 4] = msr; sums[k * 4 + 1] = msg; sums[k * 4 + 2] = msb; sums[k * 4 + 3] = ma
                // Foreground: mean colour under the ink (unpremultiplied by coverage).
                var fg = (Float(0), Float(0), Float(0))
                if ink > 0 {
                    let d = max(ma, 1e-6)
                    fg = (mpr / d, mpg / d, mpb / d)
                }
                let fgE = encodeColor(fg)
                // Option 1: opaque background, mean colour outside the ink.
                if !mixed || t.ta > 0 {
                    var bg = (Float(0), Float(0), Float(0))
                    if out > 0 {
                        let d = max(t.ta - ma, 1e-6)
                        bg = ((t.tpr - mpr) / d, (t.tpg - mpg) / d, (t.tpb - mpb) / d)
                    }
                    let bgE = encodeColor(bg)
                    if let p = bgE.entry { candidates.insert(p) }
                    if ink > 0, let p = fgE.entry { candidates.insert(p) }
                    var e = t.s2
                        - 2 * (fgE.v.0 * msr + fgE.v.1 * msg + fgE.v.2 * msb)
                        - 2 * (bgE.v.0 * (t.tsr - msr) + bgE.v.1 * (t.tsg - msg) + bgE.v.2 * (t.tsb - msb))
                        + (fgE.v.0 * fgE.v.0 + fgE.v.1 * fgE.v.1 + fgE.v.2 * fgE.v.2) * m2
                        + 2 * (fgE.v.0 * bgE.v.0 + fgE.v.1 * bgE.v.1 + fgE.v.2 * bgE.v.2) * (ink - m2)
                        + (bgE.v.0 * bgE.v.0 + bgE.v.1 * bgE.v.1 + bgE.v.2 * bgE.v.2) * (fn - 2 * ink + m2)
                    if mixed { e += CellFitter.coverPenalty * Float(n - t.opaque) }
                    if e < best.error { best = (e, k, ink > 0 ? fgE.color : bgE.color, bgE.color) }
                }
                // Option 2 (partly transparent cells): keep the terminal's background outside the ink.
                if mixed && ink > 0 && ma > 0.25 * ink {
                    let e = CellFitter.coverPenalty * (ink - ma) + t.s2
                        - 2 * (fgE.v.0 * msr + fgE.v.1 * msg + fgE.v.2 * msb)
                        + (fgE.v.0 * fgE.v.0 + fgE.v.1 * fgE.v.1 + fgE.v.2 * fgE.v.2) * m2
                    if e < best.error { best = (e, k, fgE.color, .default) }
                }
            }
        }
        return best
    }

    /// Palette modes: the OKLab-nearest means are only a start. Tries every pair of the
    /// palette entries that some symbol's means led to (so hues stay plausible) with every
    /// symbol, exactly, under an error that adds a luma term to the RGB one: with few
    /// colours, keeping light and dark apart (structure) matters most.
    private func refineInPalette(_ palette: PaletteMapper, _ t: CellTotals, sums: [Float], candidates: Set<Int>) -> Choice {
        let n = CellFitter.n
        let fn = Float(n)
        let mixed = t.mixed
        let alpha = mode == .ansi16 ? CellFitter.lumaWeight16 : CellFitter.lumaWeight256
        var best: Choice = (.greatestFiniteMagnitude, 0, .default, .default)
        // `.contrast` in 16 colours: every entry may be chosen, whatever its hue.
        let pool = mode == .ansi16 && colorChoice == .contrast
            ? Array(0..<palette.entries.count) : Array(candidates).sorted()
        let v = pool.map { palette.entries[$0] }
        let luma = v.map { 0.299 * $0.0 + 0.587 * $0.1 + 0.114 * $0.2 }
        let norms = v.indices.map { v[$0].0 * v[$0].0 + v[$0].1 * v[$0].1 + v[$0].2 * v[$0].2 + alpha * luma[$0] * luma[$0] }
        var cross = [Float](repeating: 0, count: pool.count * pool.count)
        for a in pool.indices {
            for b in pool.indices {
                cross[a * pool.count + b] = v[a].0 * v[b].0 + v[a].1 * v[b].1 + v[a].2 * v[b].2 + alpha * luma[a] * luma[b]
            }
        }
        var under = [Float](repeating: 0, count: pool.count), outside = under
        for k in 0..<glyphs.count {
            let msr = sums[k * 4], msg = sums[k * 4 + 1], msb = sums[k * 4 + 2], ma = sums[k * 4 + 3]
            let ink = inkSums[k], m2 = inkSquares[k]
            let lumaUnder = 0.299 * msr + 0.587 * msg + 0.114 * msb
            let lumaOutside = 0.299 * (t.tsr - msr) + 0.587 * (t.tsg - msg) + 0.114 * (t.tsb - msb)
            for a in pool.indices {
                under[a] = v[a].0 * msr + v[a].1 * msg + v[a].2 * msb + alpha * luma[a] * lumaUnder
                outside[a] = v[a].0 * (t.tsr - msr) + v[a].1 * (t.tsg - msg) + v[a].2 * (t.tsb - msb) + alpha * luma[a] * lumaOutside
            }
            let penalty: Float = mixed ? CellFitter.coverPenalty * Float(n - t.opaque) : 0
            let wOut = fn - 2 * ink + m2, wCross = 2 * (ink - m2)
            for f in pool.indices where ink > 0 || f == 0 {
                let fgPart = t.s2 - 2 * under[f] + norms[f] * m2 + penalty
                for b in pool.indices {
                    let e = fgPart - 2 * outside[b] + cross[f * pool.count + b] * wCross + norms[b] * wOut
                    if e < best.error {
                        best = (e, k, .palette(palette.indices[pool[ink > 0 ? f : b]]), .palette(palette.indices[pool[b]]))
                    }
                }
                if mixed && ink > 0 && ma > 0.25 * ink {
                    let e = CellFitter.coverPenalty * (ink - ma) + t.s2 - 2 * under[f] + norms[f] * m2
                    if e < best.error { best = (e, k, .palette(palette.indices[pool[f]]), .default) }
                }
            }
        }
        return best
    }

    /// Plain ASCII: default colours, glyph chosen by its ink matching the luma pattern.
    private func fitMono(sr: [Float], sg: [Float], sb: [Float]) -> FrameCell? {
        let n = CellFitter.n
        var y = [Float](repeating: 0, count: n)
        for i in 0..<n { y[i] = 0.299 * sr[i] + 0.587 * sg[i] + 0.114 * sb[i] }
        var bestK = 0
        var bestE = Float.greatestFiniteMagnitude
        masks.withUnsafeBufferPointer { mk in
            for k in 0..<glyphs.count {
                var my: Float = 0
                for i in 0..<n { my += mk[k * n + i] * y[i] }
                let e = inkSquares[k] - 2 * my
                if e < bestE { bestE = e; bestK = k }
            }
        }
        return FrameCell(glyphs[bestK], fg: .default, bg: .default)
    }

    /// An averaged value as an sRGB-encoded value in 0...1.
    @inline(__always)
    private func encode(_ v: Float) -> Float {
        averaging == .linear ? ColorMath.fastEncode(v) : min(max(v, 0), 1)
    }

    /// A linear colour as the mode shows it: its encoded value (0...1) and the `Color`.
    private func encodeColor(_ lin: (Float, Float, Float)) -> (v: (Float, Float, Float), color: Color, entry: Int?) {
        let e = (encode(lin.0), encode(lin.1), encode(lin.2))
        if let palette {
            let p = palette.nearest(e.0, e.1, e.2)
            return (palette.entries[p], .palette(palette.indices[p]), p)
        }
        let rgb = ColorMath.rgb(e.0, e.1, e.2)
        return ((Float(rgb.r) / 255, Float(rgb.g) / 255, Float(rgb.b) / 255), .rgb(rgb), nil)
    }
}


