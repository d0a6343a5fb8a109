import Foundation
import ScreenCore
import Translator

/// One line of the panel's result view, with what it is (which decides its colour).
public struct ResultLine: Hashable, Sendable {
    /// What a line shows.
    public enum Kind: Hashable, Sendable {
        /// A headword and its phonetic.
        case heading
        /// A sense, a gloss line, the word forms: the body of an answer.
        case body
        /// The pinyin under a sense.
        case pinyin
        /// `→ kept is 过去式 of keep:`.
        case relation
        /// A section title: the gloss label, the online service's name.
        case section
        /// Help and hints.
        case note
        /// Something is missing or failed; the line says what to do.
        case problem
        /// The online service is being asked.
        case pending
    }

    /// The text, indented as `TranslationText` indents it.
    public var text: String
    /// What the line is.
    public var kind: Kind

    /// A line of `kind`.
    public init(_ text: String, _ kind: Kind) {
        self.text = text
        self.kind = kind
    }

    /// The line broken to `width` columns, correct for CJK (display widths from
    /// ScreenCore). A list of senses (`保持, 保存, 遵守`) breaks after a comma rather than
    /// inside a word; anything else goes through `TextWrap`. Continuation lines hang under
    /// the text after the indent and the part-of-speech label (`vt.`), so a long list of
    /// senses stays under its label.
    public func wrapped(width: Int) -> [ResultLine] {
        guard width > 0 else { return [] }
        if DisplayWidth.of(text) <= width { return [self] }
        let isList = kind == .body || kind == .pinyin
        let (head, body) = isList ? Self.splitLabel(text) : (String(text.prefix { $0 == " " }), text.trimmingSpaces)
        let headWidth = DisplayWidth.of(head)
        let hang = headWidth <= width / 2 ? headWidth : min(text.prefix { $0 == " " }.count, width / 3)
        let room = width - hang
        var out: [ResultLine] = []
        let separator = !isList ? nil : body.contains(", ") ? "," : body.contains(" · ") ? " ·" : nil
        for (i, line) in Self.pack(body, separator: separator, firstWidth: width - headWidth, width: room).enumerated() {
            let prefix = i == 0 ? head : String(repeating: " ", count: hang)
            out.append(ResultLine(prefix + line, kind))
        }
        return out
    }

    /// The indent and part-of-speech label (`"  vt. "`), and the rest of the line.
    static func splitLabel(_ text: String) -> (String, String) {
        let indent = text.prefix { $0 == " " }
        let rest = text.dropFirst(indent.count)
        if let space = rest.firstIndex(of: " ") {
            let word = rest[..<space]
            let isLabel = (word.hasSuffix(".") && word.count <= 6 && word.allSatisfy { $0.isLetter || $0 == "." })
                || (word.hasPrefix("[") && word.hasSuffix("]") && word.count <= 8)
            if isLabel {
                let after = rest[space...].prefix { $0 == " " }
                let cut = rest.index(space, offsetBy: after.count)
                return (String(indent) + String(rest[..<cut]), String(rest[cut...]))
            }
        }
        return (String(indent), String(rest))
    }

    /// Lines of at most `width` columns (the first `firstWidth`). With a `separator`
    /// (`","` for `a, b`, `" ·"` for `a · b`) the items of the list are kept whole when
    /// they fit, the separator ending the line.
    static func pack(_ text: String, separator: String?, firstWidth: Int, width: Int) -> [String] {
        guard firstWidth > 0, width > 0 else { return [text] }
        let items = separator.map { text.components(separatedBy: $0 + " ") } ?? [text]
        guard let separator, items.count > 1 else {
            let first = TextWrap.lines(text, width: firstWidth)
            guard let head = first.first else { return [] }
            let rest = String(text.dropFirst(head.count)).trimmingSpaces
            return [head] + (rest.isEmpty ? [] : TextWrap.lines(rest, width: width))
        }
        var lines: [String] = []
        var line = ""
        for (i, item) in items.enumerated() {
            let piece = item + (i < items.count - 1 ? separator : "")
            let limit = lines.isEmpty ? firstWidth : width
            let candidate = line.isEmpty ? piece : line + " " + piece
            if DisplayWidth.of(candidate) <= limit {
                line = candidate
                continue
            }
            if !line.isEmpty { lines.append(line) }
            let pieceLimit = lines.isEmpty ? firstWidth : width
            if DisplayWidth.of(piece) <= pieceLimit {
                line = piece
            } else {
                var broken = TextWrap.lines(piece, width: pieceLimit)
                line = broken.removeLast()
                lines += broken
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// The lines of an offline answer, from the same `TranslationText` the shell prints,
    /// each marked with its kind.
    public static func lines(for translation: Translation) -> [ResultLine] {
        var shown = translation
        if case .notFound(let word, let suggestions) = translation {
            // A pasted wall of letters is one "word": name it short.
            shown = .notFound(word: TextWrap.truncate(word, width: 60), suggestions: suggestions)
        }
        let texts = TranslationText.lines(shown).map { TextWrap.truncate($0, width: maxColumns) }
        switch translation {
        case .empty:
            return texts.map { ResultLine($0, .note) }
        case .notFound:
            return texts.enumerated().map { ResultLine($1, $0 == 0 ? .problem : .note) }
        case .gloss:
            return texts.enumerated().map { ResultLine($1, $0 == 0 ? .section : .body) }
        case .word, .phrase:
            var out: [ResultLine] = []
            var headingNext = true
            for text in texts {
                let kind: Kind
                if headingNext {
                    kind = .heading
                    headingNext = false
                } else if text.hasPrefix("→") {
                    kind = .relation
                    headingNext = true
                } else if let previous = out.last, previous.kind == .body, previous.text.contains(where: isCJK),
                          text.hasPrefix("  "), !text.contains(where: isCJK) {
                    kind = .pinyin
                } else {
                    kind = .body
                }
                out.append(ResultLine(text, kind))
            }
            return out
        }
    }

    /// The widest line kept (wider ones are cut with an ellipsis): nothing in the
    /// dictionary comes near it, so it only bounds what hostile input can make us wrap.
    static let maxColumns = 1000

    static func isCJK(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return (0x3400...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }
}
