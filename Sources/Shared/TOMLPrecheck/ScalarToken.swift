/// The values written without quotes or brackets: booleans, integers, floats, and the four
/// kinds of date and time, each checked as one token against TOML v1.0.0's grammar and the
/// ranges of its fields.
enum ScalarToken {
    /// What is wrong with a token, `offset` scalars into it.
    struct Problem: Error {
        var offset: Int
        var reason: String
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    static func digitValue(_ c: Unicode.Scalar, radix: Int) -> Int? {
        let v: Int
        switch c {
        case "0"..."9": v = Int(c.value) - 0x30
        case "a"..."f": v = Int(c.value) - 0x61 + 10
        case "A"..."F": v = Int(c.value) - 0x41 + 10
        default: return nil
        }
        return v < radix ? v : nil
    }

    /// The characters a scalar token can hold.
    static func isTokenCharacter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || isDigit(c) || c == "_" || c == "+" || c == "-" || c == "." || c == ":"
    }

    /// `YYYY-MM-DD` exactly (the date a space and a time may follow).
    static func isFullDate(_ t: ArraySlice<Unicode.Scalar>) -> Bool {
        let t = Array(t)
        guard t.count == 10, t[4] == "-", t[7] == "-" else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { isDigit(t[$0]) }
    }

    static func check(_ t: [Unicode.Scalar]) throws(Problem) {
        let text = String(String.UnicodeScalarView(t))
        switch text {
        case "true", "false", "inf", "+inf", "-inf", "nan", "+nan", "-nan":
            return
        case _ where ["true", "false"].contains(text.lowercased()):
            throw Problem(offset: 0, reason: "booleans are lowercase: true or false")
        case _ where ["inf", "+inf", "-inf", "nan", "+nan", "-nan"].contains(text.lowercased()):
            throw Problem(offset: 0, reason: "inf and nan are lowercase")
        default:
            break
        }
        guard let first = t.first, isDigit(first) || first == "+" || first == "-" || first == "." else {
            throw Problem(offset: 0, reason: "\(text) is not a value: text needs quotes (\"\(text)\")")
        }
        if isDigit(first), let firstOther = t.first(where: { !isDigit($0) }) {
            var dateTime = DateTimeToken(t)
            if firstOther == "-" { return try dateTime.dateOrDateTime() }
            if firstOther == ":" { return try dateTime.localTime() }
        }
        try number(t)
    }
}
