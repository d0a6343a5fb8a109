/// The four kinds of date and time (RFC 3339 as TOML v1.0.0 takes it):
/// `YYYY-MM-DD`, then optionally `T`, `t` or a space and `HH:MM:SS` with an optional
/// fraction of a second, then optionally `Z`, `z` or `±HH:MM`; or a time alone. Each field
/// has exactly its number of digits and must be in range (month 01–12, the day within its
/// month, leap years included, hour 00–23, minute 00–59, second 00–60).
struct DateTimeToken {
    typealias Problem = ScalarToken.Problem

    let t: [Unicode.Scalar]
    var k = 0

    init(_ token: [Unicode.Scalar]) { t = token }

    var atEnd: Bool { k >= t.count }

    var found: String { atEnd ? "the end of the value" : "'\(Character(t[k]))'" }

    /// `count` digits at `k` as a number.
    mutating func field(_ count: Int, _ reason: String) throws(Problem) -> Int {
        var value = 0
        for j in k..<(k + count) {
            guard j < t.count, ScalarToken.isDigit(t[j]) else { throw Problem(offset: j, reason: reason) }
            value = value * 10 + Int(t[j].value - 0x30)
        }
        k += count
        return value
    }

    mutating func expect(_ c: Unicode.Scalar, _ reason: String) throws(Problem) {
        guard !atEnd, t[k] == c else { throw Problem(offset: k, reason: "\(reason), found \(found)") }
        k += 1
    }

    /// A local date, local date-time or offset date-time.
    mutating func dateOrDateTime() throws(Problem) {
        let year = try field(4, "a date's year must be four digits (YYYY-MM-DD)")
        try expect("-", "a date is written YYYY-MM-DD: expected '-' after the year")
        let monthAt = k
        let month = try field(2, "a date's month must be two digits (YYYY-MM-DD)")
        try expect("-", "a date is written YYYY-MM-DD: expected '-' after the month")
        let dayAt = k
        let day = try field(2, "a date's day must be two digits (YYYY-MM-DD)")
        guard (1...12).contains(month) else { throw Problem(offset: monthAt, reason: "a date's month must be 01–12") }
        let days = Self.days(inMonth: month, of: year)
        guard (1...days).contains(day) else {
            let which = month == 2 ? "February \(String(year))" : "month \(month < 10 ? "0" : "")\(month)"
            throw Problem(offset: dayAt, reason: "a date's day must be 01–\(days) in \(which)")
        }
        if atEnd { return }
        guard t[k] == "T" || t[k] == "t" || t[k] == " " else {
            throw Problem(offset: k, reason: "expected 'T' or a space between the date and the time, found \(found)")
        }
        k += 1
        if atEnd { throw Problem(offset: k, reason: "a date-time needs a time after the date (HH:MM:SS)") }
        try time()
        if atEnd { return }
        switch t[k] {
        case "Z", "z":
            k += 1
        case "+", "-":
            k += 1
            let hourAt = k
            let hour = try field(2, "a time offset is written +HH:MM or -HH:MM")
            try expect(":", "a time offset is written +HH:MM or -HH:MM")
            let minuteAt = k
            let minute = try field(2, "a time offset is written +HH:MM or -HH:MM")
            guard hour <= 23 else { throw Problem(offset: hourAt, reason: "a time offset's hours must be 00–23") }
            guard minute <= 59 else { throw Problem(offset: minuteAt, reason: "a time offset's minutes must be 00–59") }
        default:
            throw Problem(offset: k, reason: "expected Z or an offset like +09:00 after the time, found \(found)")
        }
        if !atEnd { throw Problem(offset: k, reason: "unexpected \(found) after the date-time") }
    }

    /// A time of day alone, without date or offset.
    mutating func localTime() throws(Problem) {
        try time()
        guard atEnd else {
            if "Zz+-".unicodeScalars.contains(t[k]) {
                throw Problem(offset: k, reason: "a time without a date cannot have an offset")
            }
            throw Problem(offset: k, reason: "unexpected \(found) after the time")
        }
    }

    /// `HH:MM:SS` and an optional fraction of a second.
    mutating func time() throws(Problem) {
        let hourAt = k
        let hour = try field(2, "a time's hour must be two digits (HH:MM:SS)")
        try expect(":", "a time is written HH:MM:SS: expected ':' after the hour")
        let minuteAt = k
        let minute = try field(2, "a time's minute must be two digits (HH:MM:SS)")
        try expect(":", "a time is written HH:MM:SS (TOML 1.0 needs the seconds): expected ':' after the minute")
        let secondAt = k
        let second = try field(2, "a time's second must be two digits (HH:MM:SS)")
        guard hour <= 23 else { throw Problem(offset: hourAt, reason: "a time's hour must be 00–23") }
        guard minute <= 59 else { throw Problem(offset: minuteAt, reason: "a time's minute must be 00–59") }
        guard second <= 60 else { throw Problem(offset: secondAt, reason: "a time's second must be 00–60") }
        if !atEnd, t[k] == "." {
            k += 1
            guard !atEnd, ScalarToken.isDigit(t[k]) else {
                throw Problem(offset: k, reason: "a fraction of a second needs digits after the '.'")
            }
            while !atEnd, ScalarToken.isDigit(t[k]) { k += 1 }
        }
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
