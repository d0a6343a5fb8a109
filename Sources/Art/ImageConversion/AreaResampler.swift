/// Area-averaging resampler: each output sample is the mean of the source area it covers,
/// taken in linear light with premultiplied alpha (so transparent pixels add no colour
/// and dark/bright edges average the way light does).
struct AreaResampler {
    /// Output width and height in samples.
    let width: Int
    let height: Int
    /// Premultiplied linear R, G, B and alpha, planar, `width * height` each.
    var r: [Float], g: [Float], b: [Float], a: [Float]

    /// Resamples `image` to `width` x `height` samples, averaging in `averaging`'s space.
    init(_ image: RGBAImage, width: Int, height: Int, averaging: Averaging) {
        self.width = width
        self.height = height
        let xs = AreaResampler.spans(source: image.width, target: width)
        let ys = AreaResampler.spans(source: image.height, target: height)
        // Horizontal pass into 4 planes of width x image.height.
        let sh = image.height
        var hr = [Float](repeating: 0, count: width * sh), hg = hr, hb = hr, ha = hr
        let lin = averaging == .linear ? ColorMath.toLinear : ColorMath.identity
        image.pixels.withUnsafeBufferPointer { px in
            for y in 0..<sh {
                let row = y * image.width * 4
                for (x, span) in xs.enumerated() {
                    var sr: Float = 0, sg: Float = 0, sb: Float = 0, sa: Float = 0
                    for (k, w) in span.weights.enumerated() {
                        let o = row + (span.start + k) * 4
                        let alpha = Float(px[o + 3]) / 255 * w
                        sr += lin[Int(px[o])] * alpha
                        sg += lin[Int(px[o + 1])] * alpha
                        sb += lin[Int(px[o + 2])] * alpha
                        sa += alpha
                    }
                    let i = y * width + x
                    hr[i] = sr; hg[i] = sg; hb[i] = sb; ha[i] = sa
                }
            }
        }
        var r = [Float](repeating: 0, count: width * height), g = r, b = r, a = r
        for (y, span) in ys.enumerated() {
            for x in 0..<width {
                var sr: Float = 0, sg: Float = 0, sb: Float = 0, sa: Float = 0
                for (k, w) in span.weights.enumerated() {
                    let i = (span.start + k) * width + x
                    sr += hr[i] * w; sg += hg[i] * w; sb += hb[i] * w; sa += ha[i] * w
                }
                let i = y * width + x
                r[i] = sr; g[i] = sg; b[i] = sb; a[i] = sa
            }
        }
        self.r = r; self.g = g; self.b = b; self.a = a
    }

    /// The source pixels that one output sample covers, with normalised weights.
    struct Span {
        var start: Int
        var weights: [Float]
    }

    /// The spans of `target` samples over `source` pixels (exact box overlap; when
    /// enlarging, each sample takes the one or two pixels under it).
    static func spans(source: Int, target: Int) -> [Span] {
        let scale = Double(source) / Double(target)
        return (0..<target).map { t in
            let lo = Double(t) * scale, hi = Double(t + 1) * scale
            let first = min(source - 1, Int(lo)), last = min(source - 1, max(first, Int((hi - 1e-9).rounded(.down))))
            var weights: [Float] = []
            for p in first...last {
                let overlap = min(hi, Double(p + 1)) - max(lo, Double(p))
                weights.append(Float(max(0, overlap)))
            }
            let total = weights.reduce(0, +)
            return Span(start: first, weights: total > 0 ? weights.map { $0 / total } : [1] + weights.dropFirst().map { _ in 0 })
        }
    }
}
