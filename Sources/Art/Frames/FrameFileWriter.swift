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
        var seen: Set<Color> = []
        for mode in modes {
            for frame in animation.frames[mode] ?? [] {
                for cell in frame.cells.compactMap({ $0 }) {
                    seen.insert(cell.fg)
                    seen.insert(cell.bg)
                }
            }
        }
        let colours = seen.sorted { FrameFileColor.text($0) < FrameFileColor.text($1) }
        let keyWidth = FrameFileKeys.width(forCount: colours.count)
        let keys = FrameFileKeys.stableKeys(for: colours, width: keyWidth)

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
    /// Key characters. Space is never a key (it marks transparency), nor `#` (a palette
    /// line starting with it would be a comment).
    static let alphabet: [Character] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.!$%&()*+,-/;<=>?@[]^_`{}~'\"\\|:"
    )

    /// The smallest key width whose key space is at most a quarter full with `count`
    /// colours (so hashed keys rarely collide and rarely move each other).
    static func width(forCount count: Int) -> Int {
        var width = 1
        var capacity = alphabet.count
        while capacity < 4 * (count + 1) && width < 3 {
            width += 1
            capacity *= alphabet.count
        }
        return width
    }

    /// Keys that depend on each colour alone (a hash of its text, probing past collisions),
    /// not on the order colours first appear: changing one colour of the art changes only
    /// the cells and the palette line of that colour, so diffs stay small. `default` is
    /// always the key of dots (`.`, `..`, ...). `colours` must be sorted for determinism.
    static func stableKeys(for colours: [Color], width: Int) -> [Color: String] {
        var capacity = 1
        for _ in 0..<width { capacity *= alphabet.count }
        let defaultKey = String(repeating: ".", count: width)
        let defaultSlot = (0..<capacity).first { key($0, width: width) == defaultKey }!
        var taken: Set<Int> = [defaultSlot]
        var keys: [Color: String] = [:]
        for colour in colours {
            if colour == .default {
                keys[colour] = defaultKey
                continue
            }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in FrameFileColor.text(colour).utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            var slot = Int(hash % UInt64(capacity))
            while taken.contains(slot) { slot = (slot + 1) % capacity }
            taken.insert(slot)
            keys[colour] = key(slot, width: width)
        }
        return keys
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
