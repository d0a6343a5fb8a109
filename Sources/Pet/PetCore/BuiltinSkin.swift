import ScreenCore

/// A small robot drawn in text, used when no art can be found (and by tests): the pet is
/// never missing. The real art lives in `Assets/` as converted frame files.
public enum BuiltinSkin {
    private static let body = Style(fg: .rgb(RGB(0x4a, 0x9a, 0xe8)))
    private static let eye = Style(fg: .rgb(RGB(0xff, 0xf0, 0x80)), attributes: .bold)

    private static let poses: [AnimationName: [[String]]] = [
        .idle: [
            [" .-==-. ", "( o  o )", " /|--|\\ ", " o    o "],
            [" .-==-. ", "( -  - )", " /|--|\\ ", " o    o "],
        ],
        .walk: [
            [" .-==-. ", "( o  o )", " /|--|\\ ", "o      o"],
            [" .-==-. ", "( o  o )", " /|--|\\ ", " o    o "],
        ],
        .sleep: [
            [" .-==-. z", "( -  - ) ", " /|--|\\  ", " o    o  "],
            [" .-==-.Z ", "( -  - ) ", " /|--|\\  ", " o    o  "],
        ],
        .happy: [
            [" .-==-. ", "( ^  ^ )", " \\|--|/ ", " o    o "],
            [" .-==-. ", "( ^  ^ )", " /|--|\\ ", "        "],
        ],
        .talk: [
            [" .-==-. ", "( o  o )", " /|oo|\\ ", " o    o "],
            [" .-==-. ", "( o  o )", " /|--|\\ ", " o    o "],
        ],
        .surprised: [
            [" .-==-. ", "( O  O )", " \\|--|/ ", " o    o "],
        ],
    ]

    /// The built-in skin.
    public static func make() -> Skin {
        var animations: [AnimationName: Sprite] = [:]
        for (name, frames) in poses {
            let spriteFrames = frames.map { rows -> SpriteFrame in
                let width = rows.map(\.count).max() ?? 0
                var cells: [Cell?] = []
                for row in rows {
                    let padded = Array(row) + Array(repeating: " ", count: width - row.count)
                    for ch in padded {
                        if ch == " " {
                            cells.append(nil)
                        } else {
                            cells.append(Cell(ch, style: "oO^-".contains(ch) && row.contains("(") ? eye : body))
                        }
                    }
                }
                return SpriteFrame(width: width, height: rows.count, cells: cells, duration: name == .walk ? 0.2 : 0.6)
            }
            animations[name] = Sprite(frames: spriteFrames, anchorX: 4, anchorY: 3,
                                      mirrored: spriteFrames.map(mirror))
        }
        return Skin(name: "builtin", animations: animations)
    }

    /// A text frame mirrored left-right, with direction-bearing characters swapped.
    static func mirror(_ f: SpriteFrame) -> SpriteFrame {
        let swaps: [Character: Character] = ["/": "\\", "\\": "/", "(": ")", ")": "(", "<": ">", ">": "<"]
        var cells: [Cell?] = []
        for y in 0..<f.height {
            for x in (0..<f.width).reversed() {
                if var c = f[x, y] {
                    c.grapheme = swaps[c.grapheme] ?? c.grapheme
                    cells.append(c)
                } else {
                    cells.append(nil)
                }
            }
        }
        return SpriteFrame(width: f.width, height: f.height, cells: cells, duration: f.duration)
    }
}
