/// The four kinds of string: basic `"…"`, multi-line basic `"""…"""`, literal `'…'` and
/// multi-line literal `'''…'''`.
extension SyntaxChecker {
    /// One line; `\` starts an escape.
    mutating func basicString() throws(Problem) {
        let open = i
        i += 1
        while true {
            switch peek() {
            case nil, "\n", "\r":
                throw problem("this string is not closed with '\"' on its line (write \"\"\"…\"\"\" for a string over several lines)", at: open)
            case "\"":
                i += 1
                return
            case "\\":
                try escape(multiLine: false)
            default:
                i += 1
            }
        }
    }

    /// One line, no escapes, no `'` inside.
    mutating func literalString() throws(Problem) {
        let open = i
        i += 1
        while true {
            switch peek() {
            case nil, "\n", "\r":
                throw problem("this string is not closed with \"'\" on its line (write '''…''' for a string over several lines)", at: open)
            case "'":
                i += 1
                return
            default:
                i += 1
            }
        }
    }

    /// Newlines allowed, escapes as in basic strings plus the line-ending backslash; one or
    /// two `"` anywhere, also just inside the closing delimiter.
    mutating func multiLineBasicString() throws(Problem) {
        let open = i
        i += 3
        while true {
            switch peek() {
            case nil:
                throw problem("this multi-line string is never closed with \"\"\"", at: open)
            case "\"":
                if try closesMultiLine(quote: "\"") { return }
            case "\\":
                try escape(multiLine: true)
            default:
                i += 1
            }
        }
    }

    /// Newlines allowed, no escapes; one or two `'` anywhere, also just inside the closing
    /// delimiter.
    mutating func multiLineLiteralString() throws(Problem) {
        let open = i
        i += 3
        while true {
            switch peek() {
            case nil:
                throw problem("this multi-line string is never closed with '''", at: open)
            case "'":
                if try closesMultiLine(quote: "'") { return }
            default:
                i += 1
            }
        }
    }

    /// At a run of `quote`s inside a multi-line string: one or two are text; three to five
    /// close the string (the first one or two being its last text); six or more cannot be.
    mutating func closesMultiLine(quote: Unicode.Scalar) throws(Problem) -> Bool {
        var run = 0
        while peek(run) == quote { run += 1 }
        switch run {
        case 1, 2:
            i += run
            return false
        case 3...5:
            i += run
            return true
        default:
            let escaped = quote == "\"" ? "escape one of them as \\\"" : "write such text as a \"…\" string"
            throw problem("three or more \(quote == "\"" ? "quotation marks" : "apostrophes") in a row end a multi-line string (\(escaped))")
        }
    }

    /// `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`, and in multi-line strings a backslash that
    /// ends its line (whitespace may follow it before the newline).
    mutating func escape(multiLine: Bool) throws(Problem) {
        let at = i
        i += 1
        switch peek() {
        case "b", "t", "n", "f", "r", "\"", "\\":
            i += 1
        case "u":
            try unicodeEscape(digits: 4, at: at)
        case "U":
            try unicodeEscape(digits: 8, at: at)
        case " ", "\t", "\n", "\r":
            guard multiLine else {
                throw problem("a backslash that ends a line only works in a \"\"\"multi-line\"\"\" string (write \\\\ for a backslash)", at: at)
            }
            skipWhitespace()
            guard atNewline else {
                throw problem("a backslash followed by whitespace must end its line (write \\\\ for a backslash)", at: at)
            }
            while atNewline || peek() == " " || peek() == "\t" {
                if atNewline { skipNewline() } else { i += 1 }
            }
        case nil:
            throw problem("a string cannot end with a lone backslash", at: at)
        case let c?:
            throw problem("\\\(Character(c)) is not a TOML escape: use \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX or \\UXXXXXXXX (write \\\\ for a backslash)", at: at)
        }
    }

    /// `\u` with 4 or `\U` with 8 hex digits naming a Unicode scalar value (not a surrogate,
    /// at most 10FFFF).
    mutating func unicodeEscape(digits: Int, at: Int) throws(Problem) {
        i += 1
        let letter = digits == 4 ? "u" : "U"
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let c = peek(), let d = ScalarToken.digitValue(c, radix: 16) else {
                throw problem("\\\(letter) must be followed by exactly \(digits) hex digits", at: at)
            }
            value = value &* 16 &+ UInt32(d)
            i += 1
        }
        guard Unicode.Scalar(value) != nil else {
            let hex = String(s[(at + 2)..<i].map(Character.init))
            throw problem("\\\(letter)\(hex) is not a Unicode scalar value (surrogates D800–DFFF and values above 10FFFF cannot be escaped)", at: at)
        }
    }
}
