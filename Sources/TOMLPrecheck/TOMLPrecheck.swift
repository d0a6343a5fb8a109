/// Checks config text for what toml++ (inside TOMLKit) cannot be trusted with, before the
/// text reaches TOMLKit.
///
/// Found by the `toml` fuzz harness (issue 17): toml++ meets some invalid documents with a
/// failed C `assert`, which aborts the whole program reading the config — `[` then U+0004,
/// or a table header that does not start with a key (`[#`). An embedded NUL would silently
/// cut the document short at the C string boundary. TOML allows none of these, so every
/// TOML reader (pet, chat, server, `[translate]`) asks this first and refuses such text with
/// a clear error.
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

    /// The first problem in `text`, or nil when there is none (TOMLKit still parses it and
    /// reports its own errors).
    public static func problem(in text: String) -> Problem? {
        let scalars = Array(text.unicodeScalars)
        return controlCharacter(in: scalars) ?? tableHeader(in: scalars)
    }

    /// Control characters other than tab, and a CR that is not part of CR LF.
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

    /// A table header (`[` or `[[` at the start of a line, outside strings and values) must
    /// start with a bare key character, a quote, or `]` (which toml++ reports itself).
    static func tableHeader(in s: [Unicode.Scalar]) -> Problem? {
        enum Mode { case code, basic, literal, multiBasic, multiLiteral, comment }
        var mode = Mode.code
        var depth = 0, lineStart = true
        var line = 1, lineBegin = 0
        var i = 0
        func at(_ j: Int, _ text: String) -> Bool {
            let t = Array(text.unicodeScalars)
            return j + t.count <= s.count && Array(s[j..<(j + t.count)]) == t
        }
        while i < s.count {
            let c = s[i]
            if c == "\n" {
                line += 1
                lineBegin = i + 1
                if mode == .comment || mode == .basic || mode == .literal { mode = .code }
                if mode == .code { lineStart = true }
                i += 1
                continue
            }
            switch mode {
            case .comment:
                i += 1
            case .basic:
                if c == "\\" { i += 2 } else { if c == "\"" { mode = .code }; i += 1 }
            case .literal:
                if c == "'" { mode = .code }
                i += 1
            case .multiBasic:
                if c == "\\" { i += 2 } else if at(i, "\"\"\"") { mode = .code; i += 3 } else { i += 1 }
            case .multiLiteral:
                if at(i, "'''") { mode = .code; i += 3 } else { i += 1 }
            case .code:
                if c == " " || c == "\t" || c == "\r" { i += 1; continue }
                if c == "#" { mode = .comment; i += 1; continue }
                if c == "[" && lineStart && depth == 0 {
                    var j = i + 1
                    let afterFirst = j
                    while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
                    if j < s.count, s[j] == "[", j == afterFirst {
                        j += 1
                        while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
                    }
                    let ok = j < s.count && (isBareKey(s[j]) || s[j] == "\"" || s[j] == "'" || s[j] == "]")
                    if !ok {
                        return Problem(line: line, column: j - lineBegin + 1,
                                       reason: "a table header must start with a key (letters, digits, '-', '_' or a quoted name)")
                    }
                    lineStart = false
                    i = j
                    continue
                }
                lineStart = false
                if at(i, "\"\"\"") { mode = .multiBasic; i += 3; continue }
                if at(i, "'''") { mode = .multiLiteral; i += 3; continue }
                if c == "\"" { mode = .basic } else if c == "'" { mode = .literal }
                else if c == "[" || c == "{" { depth += 1 } else if c == "]" || c == "}" { depth = max(0, depth - 1) }
                i += 1
            }
        }
        return nil
    }

    private static func isBareKey(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_"
    }
}
