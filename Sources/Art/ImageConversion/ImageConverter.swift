import Frames
import ScreenCore

/// Converts RGBA pictures into terminal frames: area-averaged scaling to the cell grid
/// (each cell one column wide and two half-rows tall, so a square image fills C x C/2
/// cells), then per-cell glyph and colour fitting (`CellFitter`). Pure: no I/O.
public enum ImageConverter {
    /// One frame of `columns` x `rows` cells from `image` (stretched to fill the grid).
    public static func frame(from image: RGBAImage, columns: Int, rows: Int, mode: RenderMode,
                             symbols: SymbolSet = .block, averaging: Averaging = .linear,
                             colorChoice: ColorChoice = .faithful, durationMs: Int = 100) -> Frame {
        precondition(columns > 0 && rows > 0, "the grid needs at least one cell")
        let sw = SymbolSet.sampleWidth, sh = SymbolSet.sampleHeight
        var frame = Frame(width: columns, height: rows, durationMs: durationMs)
        guard image.width > 0, image.height > 0 else { return frame }
        let samples = AreaResampler(image, width: columns * sw, height: rows * sh, averaging: averaging)
        let fitter = CellFitter(mode: mode, symbols: symbols, averaging: averaging, colorChoice: colorChoice)
        let n = SymbolSet.sampleCount
        var lr = [Float](repeating: 0, count: n), lg = lr, lb = lr, la = lr
        for cy in 0..<rows {
            for cx in 0..<columns {
                for y in 0..<sh {
                    let row = (cy * sh + y) * samples.width + cx * sw
                    for x in 0..<sw {
                        let i = y * sw + x
                        lr[i] = samples.r[row + x]; lg[i] = samples.g[row + x]
                        lb[i] = samples.b[row + x]; la[i] = samples.a[row + x]
                    }
                }
                frame[cx, cy] = fitter.fit(lr: lr, lg: lg, lb: lb, la: la)
            }
        }
        return frame
    }

    /// An animation from every frame of `sequence`, in each of `modes`.
    /// The anchor defaults to the middle of the bottom row.
    public static func animation(from sequence: ImageSequence, name: String, columns: Int, rows: Int,
                                 modes: [RenderMode], symbols: SymbolSet = .block, averaging: Averaging = .linear,
                                 colorChoice: ColorChoice = .faithful, anchor: Anchor? = nil,
                                 progress: (Int, Int) -> Void = { _, _ in }) -> Animation {
        var frames: [RenderMode: [Frame]] = [:]
        let total = modes.count * sequence.frames.count
        var done = 0
        for mode in modes {
            frames[mode] = sequence.frames.map { source in
                defer {
                    done += 1
                    progress(done, total)
                }
                return frame(from: source.image, columns: columns, rows: rows, mode: mode,
                             symbols: symbols, averaging: averaging, colorChoice: colorChoice,
                             durationMs: source.durationMs)
            }
        }
        return Animation(name: name, width: columns, height: rows,
                         anchor: anchor ?? Anchor(x: columns / 2, y: rows - 1), frames: frames)
    }

    /// The grid size for `image` when only some of `columns` and `rows` are given: the
    /// missing side follows the image's aspect (a cell is half as wide as it is tall).
    public static func gridSize(for image: RGBAImage, columns: Int?, rows: Int?) -> (columns: Int, rows: Int) {
        let aspect = Double(image.height) / Double(max(1, image.width)) / 2
        switch (columns, rows) {
        case let (c?, r?): return (c, r)
        case let (c?, nil): return (c, max(1, Int((Double(c) * aspect).rounded())))
        case let (nil, r?): return (max(1, Int((Double(r) / aspect).rounded())), r)
        case (nil, nil):
            let c = min(80, max(1, image.width / 4))
            return (c, max(1, Int((Double(c) * aspect).rounded())))
        }
    }
}
