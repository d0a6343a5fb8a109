import ScreenCore

/// Reads frame files (format version 1, Assets/FORMAT.md) and checks everything: a file
/// that loads is safe to draw. Errors name the line and column where reading stopped.
public enum FrameFileParser {
    /// Largest accepted width or height, in cells.
    public static let maxSide = 1024
    /// Most frames accepted per mode.
    public static let maxFrames = 10_000
    /// Longest accepted frame duration, in milliseconds.
    public static let maxDurationMs = 600_000

    /// Parses frame file `text`; `source` names it in errors.
    public static func parse(_ text: String, source: String) throws(FrameFileError) -> Animation {
        var reader = LineReader(text: text, source: source)
        return try reader.readAnimation()
    }
}

/// The parser's cursor over the lines of one file.
private struct LineReader {
    let source: String
    private var lines: [Substring]
    private var index = 0

    init(text: String, source: String) {
        self.source = source
        // "\r\n" is one Character in Swift, so it is a line end of its own; a lone "\r" at
        // the end of the text is dropped too.
        self.lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }

    private var lineNumber: Int { index }

    private func error(_ reason: String, column: Int = 1) -> FrameFileError {
        FrameFileError(source: source, line: lineNumber, column: column, reason: reason)
    }

    /// The next line that is not blank or a comment, or nil at the end.
    private mutating func nextLine() -> Substring? {
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            return line
        }
        index = lines.count + 1
        return nil
    }

    /// The next raw line (rows may look blank), or nil at the end.
    private mutating func nextRawLine() -> Substring? {
        guard index < lines.count else { index = lines.count + 1; return nil }
        index += 1
        return lines[index - 1]
    }

    private mutating func expectKeyword(_ keyword: String) throws(FrameFileError) -> [Substring] {
        guard let line = nextLine() else { throw error("file ends where `\(keyword)` was expected") }
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.first == Substring(keyword) else {
            throw error("expected `\(keyword)`, found `\(line.prefix(40))`")
        }
        return Array(words.dropFirst())
    }

    private func int(_ word: Substring, _ what: String, in range: ClosedRange<Int>, column: Int) throws(FrameFileError) -> Int {
        guard word.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(word), range.contains(v) else {
            throw error("\(what) must be a whole number in \(range.lowerBound)...\(range.upperBound), found `\(word.prefix(20))`", column: column)
        }
        return v
    }

    private func column(of word: Substring, in line: Substring) -> Int {
        line.distance(from: line.startIndex, to: word.startIndex) + 1
    }

    mutating func readAnimation() throws(FrameFileError) -> Animation {
        let header = try expectKeyword("tachikoma-frames")
        guard header.count == 1 else { throw error("the header is `tachikoma-frames VERSION`") }
        guard header[0] == "1" else {
            throw error("unsupported format version `\(header[0].prefix(10))` (this program reads version 1)", column: 18)
        }
        let nameWords = try expectKeyword("name")
        guard nameWords.count == 1, nameWords[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw error("the name is one word of letters, digits, `-` and `_`", column: 6)
        }
        let name = String(nameWords[0])
        let sizeWords = try expectKeyword("size")
        let sizeLine = lines[index - 1]
        guard sizeWords.count == 2 else { throw error("`size COLUMNS ROWS` expected") }
        let width = try int(sizeWords[0], "width", in: 1...FrameFileParser.maxSide, column: column(of: sizeWords[0], in: sizeLine))
        let height = try int(sizeWords[1], "height", in: 1...FrameFileParser.maxSide, column: column(of: sizeWords[1], in: sizeLine))
        let anchorWords = try expectKeyword("anchor")
        let anchorLine = lines[index - 1]
        guard anchorWords.count == 2 else { throw error("`anchor X Y` expected") }
        let ax = try int(anchorWords[0], "anchor x", in: 0...(width - 1), column: column(of: anchorWords[0], in: anchorLine))
        let ay = try int(anchorWords[1], "anchor y", in: 0...(height - 1), column: column(of: anchorWords[1], in: anchorLine))
        let palette = try readPalette()
        var frames: [RenderMode: [Frame]] = [:]
        var pending = nextLine()
        while let modeLine = pending {
            let words = modeLine.split(separator: " ")
            guard words.first == "mode" else { throw error("expected `mode NAME`, found `\(modeLine.prefix(40))`") }
            guard words.count == 2, let mode = RenderMode(rawValue: String(words[1])) else {
                let names = RenderMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw error("unknown mode; the modes are \(names)", column: 6)
            }
            guard frames[mode] == nil else { throw error("mode `\(mode.rawValue)` appears twice", column: 6) }
            var list: [Frame] = []
            pending = nextLine()
            while let frameLine = pending, frameLine.hasPrefix("frame") {
                guard list.count < FrameFileParser.maxFrames else {
                    throw error("more than \(FrameFileParser.maxFrames) frames in one mode")
                }
                list.append(try readFrame(frameLine, width: width, height: height, palette: palette, mode: mode))
                pending = nextLine()
            }
            guard !list.isEmpty else { throw error("mode `\(mode.rawValue)` has no frames") }
            frames[mode] = list
        }
        guard !frames.isEmpty else { throw error("the file has no `mode` section") }
        return Animation(name: name, width: width, height: height, anchor: Anchor(x: ax, y: ay), frames: frames)
    }

    private struct Palette {
        var keyWidth: Int
        var colours: [Substring: Color]
    }

    private mutating func readPalette() throws(FrameFileError) -> Palette {
        let words = try expectKeyword("palette")
        guard words.count == 1 else { throw error("`palette KEYWIDTH` expected") }
        let keyWidth = try int(words[0], "key width", in: 1...3, column: 9)
        var colours: [Substring: Color] = [:]
        while true {
            guard let line = nextLine() else { throw error("file ends inside the palette (no `end`)") }
            if line == "end" { break }
            let key = line.prefix(keyWidth)
            guard key.count == keyWidth, !key.contains(" "),
                  line.dropFirst(keyWidth).first == " " else {
                throw error("a palette line is KEY (\(keyWidth) non-space characters), a space, and a colour")
            }
            let value = line.dropFirst(keyWidth + 1)
            guard let colour = FrameFileColor.parse(value), value.dropFirst().allSatisfy(\.isASCII) else {
                throw error("bad colour `\(value.prefix(20))` (use #rrggbb, @0…@255 or default)", column: keyWidth + 2)
            }
            if case .rgb = colour, !value.dropFirst().allSatisfy(\.isHexDigit) {
                throw error("bad colour `\(value.prefix(20))` (use #rrggbb, @0…@255 or default)", column: keyWidth + 2)
            }
            guard colours[key] == nil else { throw error("palette key `\(key)` defined twice") }
            colours[key] = colour
        }
        return Palette(keyWidth: keyWidth, colours: colours)
    }

    private mutating func readFrame(_ header: Substring, width: Int, height: Int, palette: Palette, mode: RenderMode) throws(FrameFileError) -> Frame {
        let words = header.split(separator: " ")
        guard words.count == 2, words[0] == "frame", words[1].hasSuffix("ms") else {
            throw error("expected `frame DURATIONms`")
        }
        let duration = try int(words[1].dropLast(2), "frame duration (ms)", in: 1...FrameFileParser.maxDurationMs, column: 7)
        var glyphRows: [[Character]] = []
        for _ in 0..<height {
            guard let row = nextRawLine() else { throw error("file ends inside a frame: \(height) glyph rows expected") }
            let chars = Array(row)
            guard chars.count == width + 2, chars.first == "|", chars.last == "|" else {
                throw error("a glyph row is `|`, \(width) characters, `|` (found \(max(0, chars.count - 2)) between the ends)")
            }
            for (i, c) in chars.enumerated() where i > 0 && i <= width {
                if c.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                    throw error("control character in a glyph row", column: i + 1)
                }
                if mode.isASCII, !(c.isASCII && c.unicodeScalars.first!.value >= 0x20) {
                    throw error("mode `\(mode.rawValue)` allows printable ASCII only", column: i + 1)
                }
            }
            glyphRows.append(Array(chars[1...width]))
        }
        var cells: [FrameCell?] = []
        cells.reserveCapacity(width * height)
        let k = palette.keyWidth
        for y in 0..<height {
            guard let row = nextRawLine() else { throw error("file ends inside a frame: \(height) colour rows expected") }
            let chars = Array(row)
            guard chars.count == 2 * k * width + 2, chars.first == ":", chars.last == ":" else {
                throw error("a colour row is `:`, \(2 * k * width) characters (\(2 * k) per cell), `:`")
            }
            for x in 0..<width {
                let start = 1 + 2 * k * x
                let fgKey = Substring(String(chars[start..<start + k]))
                let bgKey = Substring(String(chars[start + k..<start + 2 * k]))
                let glyph = glyphRows[y][x]
                if fgKey.allSatisfy({ $0 == " " }) && bgKey.allSatisfy({ $0 == " " }) {
                    guard glyph == " " else {
                        throw error("a transparent cell (blank colours) must have a space glyph", column: start + 1)
                    }
                    cells.append(nil)
                    continue
                }
                guard let fg = palette.colours[fgKey] else {
                    throw error("unknown palette key `\(fgKey)`", column: start + 1)
                }
                guard let bg = palette.colours[bgKey] else {
                    throw error("unknown palette key `\(bgKey)`", column: start + k + 1)
                }
                cells.append(FrameCell(glyph, fg: fg, bg: bg))
            }
        }
        return Frame(width: width, height: height, durationMs: duration, cells: cells)
    }
}
