/// A recursive-descent walk over TOML v1.0.0's grammar (toml.abnf) that builds nothing: it
/// only finds the first place where the text stops being TOML, and says why.
///
/// The text it is given has no control characters but tab, LF and CR LF
/// (`TOMLPrecheck.controlCharacter` runs first), so a CR here always starts a CR LF.
/// This file holds the document's lines, table headers and keys; values, strings and the
/// scalar tokens (numbers, booleans, dates) live in the extensions beside it.
struct SyntaxChecker {
    typealias Problem = TOMLPrecheck.Problem

    /// Arrays and inline tables nest at most this deep. TOML sets no limit; toml++ refuses
    /// more than 256 levels, and this checker's recursion must stay well inside the stack of
    /// any thread a config is read on.
    static let maxNesting = 128

    let s: [Unicode.Scalar]
    /// The scalar being looked at.
    var i = 0
    /// How many arrays and inline tables are open at `i`.
    var nesting = 0

    init(_ scalars: [Unicode.Scalar]) { s = scalars }

    // MARK: Looking at the text

    var atEnd: Bool { i >= s.count }

    func peek(_ ahead: Int = 0) -> Unicode.Scalar? { i + ahead < s.count ? s[i + ahead] : nil }

    func looking(at text: String) -> Bool {
        var j = i
        for c in text.unicodeScalars {
            guard j < s.count, s[j] == c else { return false }
            j += 1
        }
        return true
    }

    /// A newline (LF or CR LF) starts at `i`.
    var atNewline: Bool { peek() == "\n" || (peek() == "\r" && peek(1) == "\n") }

    mutating func skipWhitespace() {
        while let c = peek(), c == " " || c == "\t" { i += 1 }
    }

    /// From `#` to the end of the line (the newline stays).
    mutating func skipComment() {
        while let c = peek(), c != "\n", c != "\r" { i += 1 }
    }

    mutating func skipNewline() { i += peek() == "\r" ? 2 : 1 }

    /// The problem at `index` (default: `i`), with its line and column counted from the start.
    func problem(_ reason: String, at index: Int? = nil) -> Problem {
        let at = min(index ?? i, s.count)
        var line = 1, lineStart = 0
        for j in 0..<at where s[j] == "\n" {
            line += 1
            lineStart = j + 1
        }
        return Problem(line: line, column: at - lineStart + 1, reason: reason)
    }

    /// How a found character reads in a message.
    static func describe(_ c: Unicode.Scalar?) -> String {
        switch c {
        case nil: "the end of the file"
        case "\n", "\r": "the end of the line"
        case "\t": "a tab"
        case " ": "a space"
        case let c?: "'\(Character(c))'"
        }
    }

    var found: String { Self.describe(peek()) }

    static func isBareKey(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_"
    }

    static func startsKey(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return isBareKey(c) || c == "\"" || c == "'"
    }

    // MARK: The document

    /// `toml = expression *( newline expression )`: each line is empty, a comment, a
    /// key/value pair or a table header, optionally followed by a comment.
    mutating func document() throws(Problem) {
        if peek() == "\u{FEFF}" { i += 1 }  // a byte order mark, which toml++ skips too
        while !atEnd {
            skipWhitespace()
            switch peek() {
            case nil, "#", "\n", "\r": break
            case "[": try tableHeader()
            default: try keyValue()
            }
            skipWhitespace()
            if peek() == "#" { skipComment() }
            guard atEnd || atNewline else {
                throw problem("expected the end of the line, found \(found): each key/value pair and table header goes on a line of its own")
            }
            if !atEnd { skipNewline() }
        }
    }

    /// `[key]` or `[[key]]`, whitespace allowed inside the brackets but not between `[[` or `]]`.
    mutating func tableHeader() throws(Problem) {
        i += 1
        let isArray = peek() == "["
        if isArray { i += 1 }
        skipWhitespace()
        guard Self.startsKey(peek()) else {
            throw problem("a table header must start with a key (letters, digits, '-', '_' or a quoted name)")
        }
        try key()
        skipWhitespace()
        let close = isArray ? "']]'" : "']'"
        guard peek() == "]" else {
            throw problem("expected '.' or \(close) after the key in a table header, found \(found) (a name with spaces needs quotes)")
        }
        i += 1
        if isArray {
            guard peek() == "]" else { throw problem("an array-of-tables header must end with ']]', found \(found)") }
            i += 1
        }
    }

    /// `key ws "=" ws val`, at the top level or inside an inline table.
    mutating func keyValue() throws(Problem) {
        guard Self.startsKey(peek()) else {
            if peek() == "=" { throw problem("a key/value pair needs a key before '='") }
            throw problem("expected a key (letters, digits, '-', '_' or a quoted name), a [table] header or a comment, found \(found)")
        }
        try key()
        skipWhitespace()
        guard peek() == "=" else {
            throw problem("expected '.' or '=' after the key, found \(found) (a name with spaces needs quotes)")
        }
        i += 1
        skipWhitespace()
        try value()
    }

    /// A simple key, or several joined by dots (whitespace around the dots is allowed).
    mutating func key() throws(Problem) {
        try simpleKey(afterDot: false)
        while true {
            let before = i
            skipWhitespace()
            guard peek() == "." else {
                i = before
                return
            }
            i += 1
            skipWhitespace()
            try simpleKey(afterDot: true)
        }
    }

    /// A bare key, or a quoted one (a one-line basic or literal string).
    mutating func simpleKey(afterDot: Bool) throws(Problem) {
        switch peek() {
        case "\"":
            if looking(at: "\"\"\"") { throw problem("a key cannot be a multi-line string") }
            try basicString()
        case "'":
            if looking(at: "'''") { throw problem("a key cannot be a multi-line string") }
            try literalString()
        case let c? where Self.isBareKey(c):
            while let c = peek(), Self.isBareKey(c) { i += 1 }
        default:
            throw problem(afterDot
                ? "expected a key after '.', found \(found)"
                : "expected a key (letters, digits, '-', '_' or a quoted name), found \(found)")
        }
    }
}
