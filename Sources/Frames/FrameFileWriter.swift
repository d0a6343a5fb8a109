import ScreenCore

/// Writes an `Animation` as a frame file (format version 1, see Assets/FORMAT.md).
/// The output is deterministic: the same animation always gives the same bytes, so
/// regenerated files diff cleanly in git.
public enum FrameFileWriter {
    /// The format version this writer produces.
    public static let version = 1

    /// The frame file text for `animation`.
    public static func text(of animation: Animation) -> String {
        let modes = animation.modes
        var colours: [Color] = []
        var seen: Set<Color> = []
        for mode in modes {
            for frame in animation.frames[mode] ?? [] {
                for cell in frame.cells.compactMap({ $0 }) {
                    for c in [cell.fg, cell.bg] where seen.insert(c).inserted { colours.append(c) }
                }
            }
        }
        let keyWidth = FrameFileKeys.width(forCount: colours.count)
        var keys: [Color: String] = [:]
        var nextKey = 0
        for colour in colours {
            if colour == .default && keyWidth == 1 {
                keys[colour] = "."
                continue
            }
            var key = FrameFileKeys.key(nextKey, width: keyWidth)
            nextKey += 1
            if key == "." {
                key = FrameFileKeys.key(nextKey, width: keyWidth)
                nextKey += 1
            }
            keys[colour] = key
        }

        var out = "tachikoma-frames \(version)\n"
        out += "# Written by `tachikoma convert`; the format is described in Assets/FORMAT.md.\n"
        out += "name \(animation.name)\n"
        out += "size \(animation.width) \(animation.height)\n"
        out += "anchor \(animation.anchor.x) \(animation.anchor.y)\n"
        out += "palette \(keyWidth)\n"
        for colour in colours {
            out += "\(keys[colour]!) \(FrameFileColor.text(colour))\n"
        }
        out += "end\n"
        let blankColour = String(repeating: " ", count: 2 * keyWidth)
        for mode in modes {
            out += "mode \(mode.rawValue)\n"
            for frame in animation.frames[mode] ?? [] {
                out += "frame \(frame.durationMs)ms\n"
                for y in 0..<frame.height {
                    out += "|"
                    for x in 0..<frame.width { out.append(frame[x, y]?.grapheme ?? " ") }
                    out += "|\n"
                }
                for y in 0..<frame.height {
                    out += ":"
                    for x in 0..<frame.width {
                        if let cell = frame[x, y] {
                            out += keys[cell.fg]! + keys[cell.bg]!
                        } else {
                            out += blankColour
                        }
                    }
                    out += ":\n"
                }
            }
        }
        return out
    }
}

/// Palette keys: short printable codes that stand for colours in colour rows.
enum FrameFileKeys {
    /// Key characters, most readable first. Space is never a key (it marks transparency).
    static let alphabet: [Character] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.!#$%&()*+,-/;<=>?@[]^_`{}~'\"\\|:"
    )

    /// The smallest key width that gives every colour (plus the `.` default key) a key.
    static func width(forCount count: Int) -> Int {
        var width = 1
        var capacity = alphabet.count
        while capacity < count + 1 {
            width += 1
            capacity *= alphabet.count
        }
        return width
    }

    /// The `n`th key of `width` characters.
    static func key(_ n: Int, width: Int) -> String {
        var digits: [Character] = []
        var rest = n
        for _ in 0..<width {
            digits.append(alphabet[rest % alphabet.count])
            rest /= alphabet.count
        }
        return String(digits.reversed())
    }
}

/// The colour syntax of palette lines: `#rrggbb`, `@N` (palette index) or `default`.
enum FrameFileColor {
    /// The text form of `colour`.
    static func text(_ colour: Color) -> String {
        switch colour {
        case .default: "default"
        case .palette(let i): "@\(i)"
        case .rgb(let c): c.hex
        }
    }

    /// Parses the text form; nil if it is not one.
    static func parse(_ text: Substring) -> Color? {
        if text == "default" { return .default }
        if text.hasPrefix("@") {
            let digits = text.dropFirst()
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy(\.isASCII),
                  let i = UInt8(digits) else { return nil }
            return .palette(i)
        }
        if text.hasPrefix("#"), text.count == 7, let rgb = RGB(hex: text) { return .rgb(rgb) }
        return nil
    }
}
