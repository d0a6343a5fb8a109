/// Values: strings, arrays, inline tables, and the scalar tokens (checked by `ScalarToken`).
extension SyntaxChecker {
    mutating func value() throws(Problem) {
        switch peek() {
        case "\"":
            if looking(at: "\"\"\"") { try multiLineBasicString() } else { try basicString() }
        case "'":
            if looking(at: "'''") { try multiLineLiteralString() } else { try literalString() }
        case "[":
            try array()
        case "{":
            try inlineTable()
        default:
            try scalar()
        }
    }

    /// An integer, float, boolean, date or time: one token of letters, digits and `_ + - . :`,
    /// or a date and a time joined by one space (`1979-05-27 07:32:00`).
    mutating func scalar() throws(Problem) {
        let start = i
        while let c = peek(), ScalarToken.isTokenCharacter(c) { i += 1 }
        guard i > start else {
            throw problem("expected a value (a string, number, boolean, date, time, array or inline table), found \(found)")
        }
        if ScalarToken.isFullDate(s[start..<i]), peek() == " ", let d = peek(1), ScalarToken.isDigit(d) {
            i += 1
            while let c = peek(), ScalarToken.isTokenCharacter(c) { i += 1 }
        }
        do {
            try ScalarToken.check(Array(s[start..<i]))
        } catch {
            throw problem(error.reason, at: start + error.offset)
        }
    }

    /// Opens an array or inline table, refusing to nest deeper than `maxNesting`.
    mutating func enterNesting() throws(Problem) {
        nesting += 1
        guard nesting <= Self.maxNesting else {
            throw problem("arrays and inline tables may nest at most \(Self.maxNesting) deep")
        }
    }

    /// `[ values ]`: newlines and comments may come before any value, comma or the closing
    /// bracket; a trailing comma is allowed.
    mutating func array() throws(Problem) {
        let open = i
        try enterNesting()
        i += 1
        elements: while true {
            skipWhitespaceCommentsAndNewlines()
            if peek() == "]" { break elements }
            if atEnd { throw problem("the array opened here is never closed with ']'", at: open) }
            try value()
            skipWhitespaceCommentsAndNewlines()
            switch peek() {
            case ",": i += 1
            case "]": break elements
            case nil: throw problem("the array opened here is never closed with ']'", at: open)
            default: throw problem("expected ',' or ']' after an array element, found \(found)")
            }
        }
        i += 1
        nesting -= 1
    }

    mutating func skipWhitespaceCommentsAndNewlines() {
        while true {
            skipWhitespace()
            if peek() == "#" { skipComment() }
            guard atNewline else { return }
            skipNewline()
        }
    }

    /// `{ key = value, … }` on one line (newlines only inside its values), no trailing comma.
    mutating func inlineTable() throws(Problem) {
        let open = i
        try enterNesting()
        i += 1
        skipWhitespace()
        if peek() != "}" {
            while true {
                try insideInlineTable(open: open)
                try keyValue()
                skipWhitespace()
                guard peek() == "," else { break }
                i += 1
                skipWhitespace()
                if peek() == "}" {
                    throw problem("an inline table cannot end with a comma (no comma after its last key/value pair)")
                }
            }
            try insideInlineTable(open: open)
            guard peek() == "}" else {
                throw problem("expected ',' or '}' in the inline table, found \(found)")
            }
        }
        i += 1
        nesting -= 1
    }

    /// Refuses what ends an inline table's line too early: a newline, a comment, the end.
    func insideInlineTable(open: Int) throws(Problem) {
        if atEnd { throw problem("the inline table opened here is never closed with '}'", at: open) }
        if atNewline {
            throw problem("an inline table must stay on one line: close it with '}' before the end of the line (or use a [table])")
        }
        if peek() == "#" { throw problem("an inline table cannot contain a comment") }
    }
}
