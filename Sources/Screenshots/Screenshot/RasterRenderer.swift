import ScreenCore

/// Draws a `ScreenBuffer` as pixels: each cell 8×16, glyphs from a unifont `.hex` font
/// (wide glyphs over 16×16, two cells), block elements from their definitions, underline
/// on the bottom row, bold as a one-pixel double strike.
public struct RasterRenderer: Sendable {
    /// Pixels per cell.
    public static let cellWidth = 8, cellHeight = 16

    public var font: UnifontHex?
    public var theme: ScreenshotTheme

    /// `font` nil draws every glyph (except block elements and spaces) as an outlined box.
    public init(font: UnifontHex?, theme: ScreenshotTheme = .standard) {
        self.font = font
        self.theme = theme
    }

    /// The picture of `buffer`: `width * 8` by `height * 16` pixels.
    public func render(_ buffer: ScreenBuffer) -> RasterImage {
        var image = RasterImage(width: buffer.width * Self.cellWidth, height: buffer.height * Self.cellHeight, fill: theme.background)
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                draw(cell, x: x, y: y, into: &image, columns: min(Int(cell.width), buffer.width - x))
            }
        }
        return image
    }

    private func draw(_ cell: Cell, x: Int, y: Int, into image: inout RasterImage, columns: Int) {
        let (fg, bg) = theme.colors(of: cell.style)
        let px = x * Self.cellWidth, py = y * Self.cellHeight
        let w = max(1, columns) * Self.cellWidth, h = Self.cellHeight
        image.fillRect(x: px, y: py, width: w, height: h, color: bg)
        let scalar = cell.grapheme.unicodeScalars.first ?? " "
        if let shape = BlockElements.shape(of: scalar) {
            switch shape {
            case .shade(let amount):
                image.fillRect(x: px, y: py, width: w, height: h, color: ScreenshotTheme.mix(bg, fg, amount))
            case .parts(let parts):
                for p in parts {
                    // Eighths to pixels, rounding both edges so adjacent parts meet exactly.
                    let x0 = px + p.x * w / 8, x1 = px + (p.x + p.width) * w / 8
                    let y0 = py + p.y * h / 8, y1 = py + (p.y + p.height) * h / 8
                    image.fillRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0, color: fg)
                }
            }
        } else if scalar != " " {
            if let glyph = font?.glyph(for: scalar) {
                let bold = cell.style.attributes.contains(.bold)
                for gy in 0..<16 {
                    for gx in 0..<glyph.width where glyph.isSet(x: gx, y: gy) {
                        // A wide glyph in a one-column slot (clipped) keeps its left half.
                        guard gx < w else { continue }
                        image.set(x: px + gx, y: py + gy, fg)
                        if bold, gx + 1 < w { image.set(x: px + gx + 1, y: py + gy, fg) }
                    }
                }
            } else {
                drawMissing(x: px, y: py, width: w, color: fg, into: &image)
            }
        }
        if cell.style.attributes.contains(.underline) {
            image.fillRect(x: px, y: py + h - 1, width: w, height: 1, color: fg)
        }
    }

    /// An outlined box for a glyph the font does not have.
    private func drawMissing(x: Int, y: Int, width: Int, color: RGB, into image: inout RasterImage) {
        image.fillRect(x: x + 1, y: y + 2, width: width - 2, height: 1, color: color)
        image.fillRect(x: x + 1, y: y + 13, width: width - 2, height: 1, color: color)
        image.fillRect(x: x + 1, y: y + 2, width: 1, height: 12, color: color)
        image.fillRect(x: x + width - 2, y: y + 2, width: 1, height: 12, color: color)
    }
}
