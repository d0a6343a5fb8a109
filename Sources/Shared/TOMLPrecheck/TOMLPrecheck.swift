/// Checks that config text is syntactically valid TOML v1.0.0 before the text reaches TOMLKit.
///
/// toml++ (the C++ parser inside TOMLKit) meets some malformed documents with a failed C
/// `assert`, which aborts the whole program reading the config (issue 17: `[` then U+0004,
/// `[#`, a date-time whose time does not start with a digit — and toml++ has dozens more
/// such asserts). Guarding them one by one is no fix, so every TOML reader (pet, chat,
/// server, `[translate]`) asks this first, and toml++ only ever sees text that follows the
/// whole of TOML's grammar: comments, keys, the four kinds of string with their escapes,
/// integers, floats, booleans, the four kinds of date and time (with their ranges), arrays,
/// inline tables and table headers. What the grammar cannot say — a key or table defined
/// twice — is left to toml++, which reports it as an ordinary error.
public enum TOMLPrecheck {
    /// Where the first problem is and what it is.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// 1-based line and column (in Unicode scalars).
        public var line: Int
        public var column: Int
        /// What is wrong, without the position.
        public var reason: String

        public var description: String { "line \(line), column \(column): \(reason)" }
    }

    /// The first problem in `text`, or nil when it is syntactically valid TOML (TOMLKit still
    /// reports what only a parser that builds the tables sees, like a key defined twice).
    public static func problem(in text: String) -> Problem? {
        let scalars = Array(text.unicodeScalars)
        if let problem = controlCharacter(in: scalars) { return problem }
        var checker = SyntaxChecker(scalars)
        do {
            try checker.document()
            return nil
        } catch {
            return error
        }
    }

    /// Control characters other than tab, and a CR that is not part of CR LF: TOML allows
    /// none of them raw anywhere (not in comments, not in strings), and an embedded NUL would
    /// cut the document short at the C string boundary.
    static func controlCharacter(in s: [Unicode.Scalar]) -> Problem? {
        var line = 1, column = 0
        for (i, scalar) in s.enumerated() {
            column += 1
            let v = scalar.value
            if v == 0x0A {
                line += 1
                column = 0
                continue
            }
            if v == 0x09 || (v == 0x0D && i + 1 < s.count && s[i + 1] == "\n") { continue }
            if v < 0x20 || v == 0x7F {
                let hex = String(v, radix: 16, uppercase: true)
                let name = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                return Problem(line: line, column: column,
                               reason: "control character \(name) is not allowed in TOML (write it as an escape inside a string)")
            }
        }
        return nil
    }
}
