import ScreenCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A ring drawn in braille dots (each cell holds 2 × 4 dots, about square on screen),
/// filled clockwise from twelve o'clock by a fraction, with the percentage in its centre.
///
/// The part not yet filled is drawn as the ring's outline only, so the ring reads as a
/// ring, and the fill as a solid arc, even with no colour at all; colour (green, yellow,
/// red by level) adds to that and never carries the meaning alone.
public struct RingGauge: Sendable {
    /// How busy a fraction is.
    public enum Level: Sendable, Equatable {
        case low, medium, high, unknown

        /// The level of a fraction: below 50 % low, below 80 % medium, else high.
        public init(_ fraction: Double?) {
            guard let f = fraction, f.isFinite else {
                self = .unknown
                return
            }
            self = f < 0.5 ? .low : f < 0.8 ? .medium : .high
        }

        /// The fill's style: system colours, so a 16-colour terminal shows them as well.
        public var style: Style {
            switch self {
            case .low: Style(fg: .palette(2))
            case .medium: Style(fg: .palette(3))
            case .high: Style(fg: .palette(1), attributes: .bold)
            case .unknown: Style(fg: .palette(8))
            }
        }
    }

    /// The measured fraction (1 = 100 %; more than 1 fills the ring and says so in the
    /// centre). Nil: unknown, an empty ring with a dash.
    public var fraction: Double?
    /// The words under the percentage (e.g. "CPU"), shown when the ring has room.
    public var caption: String
    public static let trackStyle = Style(fg: .palette(8))

    public init(fraction: Double?, caption: String = "") {
        self.fraction = fraction
        self.caption = caption
    }

    /// The centre text: "0%" … "100%", "250%", or "—".
    public var label: String {
        guard let f = fraction, f.isFinite, abs(f) < 1e12 else { return "—" }
        let percent = max(0, f) * 100
        return percent > 0 && percent < 1 ? "<1%" : "\(Int(percent.rounded()))%"
    }

    /// Which dots of a `columns` × `rows` cell area are on the ring, and which of those are
    /// filled; row-major, 2 × 4 dots per cell.
    public func dots(columns: Int, rows: Int) -> (ring: [Bool], filled: [Bool]) {
        let w = columns * 2, h = rows * 4
        var ring = [Bool](repeating: false, count: w * h)
        var filled = ring
        let outer = Double(min(w, h)) / 2 - 0.5
        guard outer >= 2 else { return (ring, filled) }
        let thickness = max(2, outer * 0.3)
        let inner = outer - thickness
        let f = max(0, min(1, fraction.flatMap { $0.isFinite ? $0 : nil } ?? 0))
        let cx = Double(w) / 2, cy = Double(h) / 2
        for j in 0..<h {
            for i in 0..<w {
                let dx = Double(i) + 0.5 - cx, dy = Double(j) + 0.5 - cy
                let d = (dx * dx + dy * dy).squareRoot()
                guard d <= outer + 0.5, d >= inner - 0.5 else { continue }
                var angle = atan2(dx, -dy)  // 0 at twelve o'clock, growing clockwise
                if angle < 0 { angle += 2 * Double.pi }
                let isFilled = f >= 1 || angle < f * 2 * Double.pi
                let onEdge = d >= outer - 0.5 || d <= inner + 0.5
                ring[j * w + i] = isFilled || onEdge
                filled[j * w + i] = isFilled
            }
        }
        return (ring, filled)
    }

    /// Draws the ring centred in `area` (as large a circle as fits), the label and caption
    /// in its middle.
    public func draw(into buffer: inout ScreenBuffer, area: Rect) {
        let rows = min(area.height, area.width / 2)
        guard rows >= 2 else { return }
        let columns = rows * 2
        let ox = area.x + (area.width - columns) / 2, oy = area.y + (area.height - rows) / 2
        let (ring, filled) = dots(columns: columns, rows: rows)
        let level = Level(fraction)
        let w = columns * 2
        let bits: [(Int, Int, UInt32)] = [(0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (1, 0, 0x08),
                                          (1, 1, 0x10), (1, 2, 0x20), (0, 3, 0x40), (1, 3, 0x80)]
        for row in 0..<rows {
            for col in 0..<columns {
                var fillBits: UInt32 = 0, trackBits: UInt32 = 0
                for (dx, dy, bit) in bits {
                    let i = (row * 4 + dy) * w + col * 2 + dx
                    if filled[i] { fillBits |= bit } else if ring[i] { trackBits |= bit }
                }
                // A cell has one colour: where the fill ends, the fill's dots win.
                let (pattern, style) = fillBits != 0 ? (fillBits, level.style) : (trackBits, Self.trackStyle)
                guard pattern != 0, let scalar = Unicode.Scalar(0x2800 + pattern) else { continue }
                buffer.put(Character(scalar), x: ox + col, y: oy + row, style: style, clip: area)
            }
        }
        let middle = oy + rows / 2
        let text = label
        let labelY = caption.isEmpty || rows < 5 ? middle : middle - 1
        buffer.text(text, x: ox + (columns - text.count) / 2, y: labelY, style: Style(fg: level.style.fg, attributes: .bold), clip: area)
        if !caption.isEmpty, rows >= 5, caption.count <= columns / 2 {
            buffer.text(caption, x: ox + (columns - caption.count) / 2, y: labelY + 1, style: Style(attributes: .dim), clip: area)
        }
    }
}
