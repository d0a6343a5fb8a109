import ChatCore
import ScreenCore

/// How message lines become rows of cells: time stamps, nick colours, formatting codes,
/// and wrapping by display width (CJK and emoji take two columns).
public enum MessageFormat {
    /// One row of the message view: text segments with their styles.
    public struct Row: Hashable, Sendable {
        public var segments: [Segment]

        public init(segments: [Segment]) {
            self.segments = segments
        }
    }

    /// A run of text drawn in one style.
    public struct Segment: Hashable, Sendable {
        public var text: String
        public var style: Style

        public init(_ text: String, _ style: Style) {
            self.text = text
            self.style = style
        }
    }

    /// The colours nicks are drawn in (16-colour palette indexes, readable on dark and light).
    static let nickColors: [UInt8] = [1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14]

    /// A stable colour for a nick.
    public static func color(for nick: String) -> Color {
        var h: UInt32 = 5381
        for b in nick.lowercased().utf8 { h = (h &* 33) ^ UInt32(b) }
        return .palette(nickColors[Int(h % UInt32(nickColors.count))])
    }

    /// `HH:MM` of a time, shifted by `utcOffset` seconds.
    public static func clock(_ time: Double, utcOffset: Int) -> String {
        let secs = ((Int(time.rounded(.down)) + utcOffset) % 86400 + 86400) % 86400
        let h = secs / 3600
        let m = secs / 60 % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// Removes IRC formatting codes (bold, colours, italics, reset…) and other controls.
    public static func strip(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return text }
        var out = String.UnicodeScalarView()
        var it = Array(text.unicodeScalars)[...]
        while let u = it.popFirst() {
            switch u.value {
            case 0x03:
                var digits = 0
                while digits < 2, let d = it.first, ("0"..."9").contains(d) { it.removeFirst(); digits += 1 }
                if digits > 0, it.first == ",", it.dropFirst().first.map({ ("0"..."9").contains($0) }) == true {
                    it.removeFirst()
                    digits = 0
                    while digits < 2, let d = it.first, ("0"..."9").contains(d) { it.removeFirst(); digits += 1 }
                }
            case 0x04:
                var n = 0
                while n < 6, let d = it.first, d.properties.isASCIIHexDigit { it.removeFirst(); n += 1 }
            case 0x09:
                out.append(" ")
            case 0..<0x20, 0x7F:
                break
            default:
                out.append(u)
            }
        }
        return String(out)
    }

    /// The rows of one line in `width` columns: `HH:MM ` then the body, continuation rows
    /// indented under the body. In someone else's message, action or notice, the English
    /// words in `bookWords` (lower case: the user's word book) are underlined.
    public static func rows(_ line: ChatLine, me: String, width: Int, utcOffset: Int, bookWords: Set<String> = []) -> [Row] {
        let stamp = clock(line.time, utcOffset: utcOffset) + " "
        let indent = stamp.count
        let bodyWidth = max(1, width - indent)
        let text = strip(line.text)
        let dim = Style(attributes: .dim)
        var head = ""
        var headStyle = Style.plain
        var body: String
        var bodyStyle = Style.plain
        switch line.kind {
        case .message:
            head = line.sender
            headStyle = line.sender == me ? Style(attributes: .bold) : Style(fg: color(for: line.sender), attributes: .bold)
            body = head + ": " + text
        case .notice:
            head = "-" + line.sender + "-"
            headStyle = Style(fg: color(for: line.sender))
            body = head + " " + text
        case .action:
            head = "* " + line.sender
            headStyle = Style(fg: color(for: line.sender), attributes: .italic)
            body = head + " " + text
            bodyStyle = Style(attributes: .italic)
        case .event, .info:
            body = "— " + text
            bodyStyle = dim
        case .error:
            body = "! " + text
            bodyStyle = Style(fg: .palette(1))
        }
        if line.highlight { bodyStyle = Style(fg: .palette(3), attributes: .bold) }
        switch line.delivery {
        case .pending:
            body += " …"
            bodyStyle.attributes.insert(.dim)
            headStyle.attributes.insert(.dim)
        case .unconfirmed: body += " (not confirmed)"
        case .failed:
            body += " ✗ not sent"
            bodyStyle = Style(fg: .palette(1))
        case .sent, .delivered: break
        }
        let wrapped = TextWrap.lines(body, width: bodyWidth)
        let marks = !bookWords.isEmpty && line.sender != me && [.message, .action, .notice].contains(line.kind)
        func bodySegments(_ text: String) -> [Segment] {
            marks ? underliningWords(text, in: bookWords, style: bodyStyle) : [Segment(text, bodyStyle)]
        }
        var rows: [Row] = []
        for (i, piece) in wrapped.enumerated() {
            var segs = [Segment(i == 0 ? stamp : String(repeating: " ", count: indent), dim)]
            if i == 0, !head.isEmpty, piece.hasPrefix(head) {
                segs.append(Segment(head, headStyle))
                segs += bodySegments(String(piece.dropFirst(head.count)))
            } else {
                segs += bodySegments(piece)
            }
            rows.append(Row(segments: segs))
        }
        return rows
    }

    /// `text` cut into segments so that each English word (ASCII letters with inner `'` or
    /// `-`) whose lower case is in `words` has `style` plus underline, the rest `style`.
    public static func underliningWords(_ text: String, in words: Set<String>, style: Style) -> [Segment] {
        var marked = style
        marked.attributes.insert(.underline)
        var out: [Segment] = []
        var plain = "", word = ""
        func endWord() {
            var trailing = ""
            while let last = word.last, last == "'" || last == "-" { trailing = String(last) + trailing; word.removeLast() }
            if !word.isEmpty, words.contains(word.lowercased()) {
                if !plain.isEmpty { out.append(Segment(plain, style)) }
                out.append(Segment(word, marked))
                plain = trailing
            } else {
                plain += word + trailing
            }
            word = ""
        }
        for c in text {
            if c.isASCII && c.isLetter || !word.isEmpty && (c == "'" || c == "-") {
                word.append(c)
            } else {
                endWord()
                plain.append(c)
            }
        }
        endWord()
        if !plain.isEmpty { out.append(Segment(plain, style)) }
        return out
    }
}
