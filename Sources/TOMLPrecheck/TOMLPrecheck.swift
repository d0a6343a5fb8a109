/// Checks config text for characters TOML never allows raw, before it reaches TOMLKit.
///
/// TOML forbids control characters other than tab outside escapes, and a CR that is not part
/// of CR LF. toml++ (inside TOMLKit) meets some of them with a failed C `assert`, which
/// aborts the whole program (found by the `toml` fuzz harness, issue 17: `[` then U+0004);
/// an embedded NUL would silently cut the document short at the C string boundary. Every
/// TOML reader (pet, chat, server, `[translate]`) asks this first and refuses such text
/// with a clear error.
public enum TOMLPrecheck {
    /// Where the first forbidden character is and what it is.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// 1-based line and column (in Unicode scalars) of the character.
        public var line: Int
        public var column: Int
        /// The character as U+XXXX.
        public var character: String

        /// What is wrong, without the position.
        public var reason: String {
            "control character \(character) is not allowed in TOML (write it as an escape inside a string)"
        }

        public var description: String { "line \(line), column \(column): \(reason)" }
    }

    /// The first character TOML forbids in `text`, or nil when there is none.
    public static func problem(in text: String) -> Problem? {
        var line = 1, column = 0
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            column += 1
            let v = scalar.value
            if previousWasCR && v != 0x0A { return problem(line, column - 1, 0x0D) }
            previousWasCR = v == 0x0D
            if v == 0x0A {
                line += 1
                column = 0
                continue
            }
            if v == 0x0D || v == 0x09 { continue }
            if v < 0x20 || v == 0x7F { return problem(line, column, v) }
        }
        if previousWasCR { return problem(line, column, 0x0D) }
        return nil
    }

    private static func problem(_ line: Int, _ column: Int, _ value: UInt32) -> Problem {
        let hex = String(value, radix: 16, uppercase: true)
        return Problem(line: line, column: column, character: "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex)
    }
}
