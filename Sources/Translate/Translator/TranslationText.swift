/// Renders a `Translation` as plain text lines: what the shell prints and the pet's
/// Translate dialog shows (it scrolls them).
public enum TranslationText {
    /// The label every gloss starts with, so nobody mistakes it for a translation.
    public static let glossTitle = "逐词释义 (word-by-word gloss, not a translation):"

    /// The lines for `translation`, without trailing newlines.
    public static func lines(_ translation: Translation) -> [String] {
        switch translation {
        case .empty:
            return ["(nothing to translate)"]
        case .word(let lookup), .phrase(let lookup):
            return lines(lookup)
        case .notFound(let word, let suggestions):
            var out = ["“\(word)” is not in the dictionary."]
            if !suggestions.isEmpty { out.append("Did you mean: " + suggestions.joined(separator: ", ")) }
            return out
        case .gloss(let items):
            var out = [glossTitle]
            let width = min(24, items.map { displayWidth($0.source) }.max() ?? 0)
            for item in items {
                var line = "  " + item.source + String(repeating: " ", count: max(1, width - displayWidth(item.source) + 2))
                line += item.sense ?? "—"
                if let lemma = item.lemma { line += "  (\(lemma))" }
                out.append(line)
            }
            return out
        }
    }

    /// An entry, then the entries of its base forms.
    static func lines(_ lookup: WordLookup) -> [String] {
        var out: [String] = []
        let entry = lookup.entry.entry
        if !entry.translation.isEmpty {
            out += lines(lookup.entry)
        } else {
            out.append(entry.headword)
        }
        for base in lookup.baseForms {
            let relation = base.kinds.isEmpty ? "a form of" : base.kinds.map(\.name).joined(separator: "、") + " of"
            out.append("→ \(entry.headword) is \(relation) \(base.entry.entry.headword):")
            out += lines(base.entry)
        }
        return out
    }

    /// Headword and phonetic, each sense with its pinyin under it, then the word's forms.
    static func lines(_ annotated: AnnotatedEntry) -> [String] {
        let entry = annotated.entry
        var out = [entry.phonetic.isEmpty ? entry.headword : "\(entry.headword)  /\(entry.phonetic)/"]
        let senses = entry.senses
        let labelWidth = senses.map { displayWidth($0.label) }.max() ?? 0
        for (i, sense) in senses.enumerated() {
            let pad = String(repeating: " ", count: labelWidth - displayWidth(sense.label))
            let indent = "  " + String(repeating: " ", count: labelWidth) + (labelWidth > 0 ? " " : "")
            out.append("  " + sense.label + pad + (labelWidth > 0 ? " " : "") + sense.text)
            if i < annotated.sensePinyin.count, !annotated.sensePinyin[i].isEmpty {
                out.append(indent + annotated.sensePinyin[i])
            }
        }
        let forms = entry.forms
        if !forms.isEmpty {
            out.append("  " + forms.map { "\($0.kind.name) \($0.word)" }.joined(separator: " · "))
        }
        return out
    }

    /// Terminal columns of `s`: East Asian wide and fullwidth characters count two.
    public static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + (isWide($1.value) ? 2 : ($1.properties.generalCategory == .nonspacingMark ? 0 : 1)) }
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x20000...0x3FFFD).contains(v)
    }
}
