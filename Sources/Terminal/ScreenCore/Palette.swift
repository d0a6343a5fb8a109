/// The xterm palette: the RGB value behind each of the 256 indices, and the nearest index
/// for an RGB colour. Used by the terminal backend when it must send fewer colours than
/// a picture has, and by dumps that must name an RGB value for a palette index.
public enum XtermPalette {
    /// The 16 system colours as xterm draws them by default.
    public static let system: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    private static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The RGB value of palette index `i`.
    public static func rgb(_ i: UInt8) -> RGB {
        switch i {
        case 0..<16:
            return system[Int(i)]
        case 16..<232:
            let n = Int(i) - 16
            return RGB(cubeLevels[n / 36], cubeLevels[n / 6 % 6], cubeLevels[n % 6])
        default:
            let v = UInt8(8 + 10 * (Int(i) - 232))
            return RGB(v, v, v)
        }
    }

    /// The nearest of the 240 cube and grey entries (16–255), by a weighted RGB distance.
    /// The system colours are skipped because terminals redefine them.
    public static func nearest256(_ c: RGB) -> UInt8 {
        func level(_ v: UInt8) -> Int {
            v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40
        }
        let (ri, gi, bi) = (level(c.r), level(c.g), level(c.b))
        let cube = UInt8(16 + 36 * ri + 6 * gi + bi)
        let avg = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
        let greyIndex = avg > 238 ? 23 : max(0, (avg - 3) / 10)
        let grey = UInt8(232 + greyIndex)
        return distance(rgb(cube), c) <= distance(rgb(grey), c) ? cube : grey
    }

    /// The nearest of the 16 system colours.
    public static func nearest16(_ c: RGB) -> UInt8 {
        var best: UInt8 = 0
        var bestDistance = Int.max
        for i in 0..<16 {
            let d = distance(system[i], c)
            if d < bestDistance {
                bestDistance = d
                best = UInt8(i)
            }
        }
        return best
    }

    /// A "redmean" weighted squared distance: cheap and closer to perception than plain RGB.
    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let rm = (Int(a.r) + Int(b.r)) / 2
        let dr = Int(a.r) - Int(b.r)
        let dg = Int(a.g) - Int(b.g)
        let db = Int(a.b) - Int(b.b)
        return ((512 + rm) * dr * dr >> 8) + 4 * dg * dg + ((767 - rm) * db * db >> 8)
    }
}

extension Color {
    /// This colour as a terminal of `depth` can show it.
    public func reduced(to depth: ColorDepth) -> Color {
        switch (self, depth) {
        case (_, .none): return .default
        case (.default, _): return .default
        case (.rgb, .truecolor): return self
        case (.rgb(let c), .ansi256): return .palette(XtermPalette.nearest256(c))
        case (.rgb(let c), .ansi16): return .palette(XtermPalette.nearest16(c))
        case (.palette(let i), .ansi16) where i >= 16: return .palette(XtermPalette.nearest16(XtermPalette.rgb(i)))
        case (.palette, _): return self
        }
    }
}
