/// Reads the senses of a dictionary translation (ECDICT's lines, `vt. 保持, 保存`) the way a
/// quiz needs them: the part of speech and one short Chinese sense. The right answer and the
/// distractors are cut by this same rule, so no choice gives itself away by its length.
public enum QuizSense {
    /// One line split into its label (`n.`, `vt.`, `[计]`, or empty) and its text.
    public static func parse(_ line: Substring) -> (label: String, text: String) {
        let s = line.trimmingSpaces()
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
            return (String(s[...close]), s[s.index(after: close)...].trimmingSpaces())
        }
        if let space = s.firstIndex(of: " "), s[..<space].hasSuffix("."), s[..<space].count <= 8,
           s[..<space].dropLast().allSatisfy({ $0.isASCII && $0.isLetter }) {
            return (String(s[..<space]), s[space...].trimmingSpaces())
        }
        return ("", s)
    }

    /// The first item of a sense's text (up to a comma or semicolon), trimmed.
    public static func short(_ text: String) -> String {
        let cut = text.split(whereSeparator: { ",，;；".contains($0) }).first.map(String.init) ?? text
        return cut.trimmingSpaces()
    }

    /// The sense a quiz asks for: the first line in the part of speech `preferring` (a
    /// `family`: the verb sense of `keep` when `kept` was looked up), else the first line
    /// labelled with a part of speech, else the first line that is not a specialist field
    /// (`[计]`), else the first line; nil when there is no Chinese text at all.
    public static func pick(from translation: String, preferring: String? = nil) -> (partOfSpeech: String, sense: String)? {
        let lines = translation.split(separator: "\n").map(parse).filter { !$0.text.isEmpty }
        let chosen = lines.first { line in preferring.map { family(line.label) == $0 } ?? false }
            ?? lines.first { !$0.label.isEmpty && !$0.label.hasPrefix("[") }
            ?? lines.first { !$0.label.hasPrefix("[") } ?? lines.first
        guard let chosen else { return nil }
        let sense = short(chosen.text)
        return sense.isEmpty ? nil : (chosen.label.hasPrefix("[") ? "" : chosen.label, sense)
    }

    /// The family a part-of-speech label belongs to: ECDICT writes verbs as `v.`, `vt.` and
    /// `vi.`, adjectives as `a.` and `adj.`; other labels stand for themselves.
    public static func family(_ label: String) -> String {
        switch label {
        case "v.", "vt.", "vi.": "verb"
        case "a.", "adj.": "adjective"
        default: label
        }
    }

    /// The short sense of `translation` in the part of speech `family`, if it has one.
    public static func sense(in translation: String, family wanted: String) -> String? {
        for line in translation.split(separator: "\n") {
            let (label, text) = parse(line)
            guard !label.hasPrefix("["), family(label) == wanted else { continue }
            let s = short(text)
            if !s.isEmpty { return s }
        }
        return nil
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces (ASCII and ideographic) and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
