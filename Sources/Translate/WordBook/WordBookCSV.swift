/// The word book as CSV (RFC 4180): a header row, one row per word, CRLF line ends; a field
/// with a comma, a double quote, CR or LF is quoted and its quotes doubled. Times are
/// ISO 8601 in UTC.
public enum WordBookCSV {
    /// The header row's fields.
    public static let header = ["word", "part_of_speech", "sense", "entry", "added", "last_looked_up", "lookups",
                                "due", "interval_days", "repetitions", "easiness"]

    /// The whole file's text for `records`.
    public static func text(_ records: [WordRecord]) -> String {
        var out = row(header)
        for r in records {
            out += row([r.word, r.partOfSpeech, r.sense, r.entry, isoDate(r.added), isoDate(r.lastLookedUp), String(r.lookups),
                        isoDate(r.due), String(r.schedule.interval), String(r.schedule.repetitions),
                        formatEasiness(r.schedule.easiness)])
        }
        return out
    }

    /// One record (row) with its CRLF.
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field, quoted when RFC 4180 requires it.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingQuotes() + "\""
    }

    /// The E-Factor with two decimals (`2.50`).
    public static func formatEasiness(_ e: Double) -> String {
        let hundredths = Int((e * 100).rounded())
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// Seconds since 1970 as `2026-12-06T01:02:03Z` (proleptic Gregorian, UTC).
    public static func isoDate(_ seconds: Double) -> String {
        let (y, m, d, hh, mm, ss) = civil(seconds)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(hh)):\(two(mm)):\(two(ss))Z"
    }

    /// The UTC calendar date and time of `seconds` since 1970 (H. Hinnant's days-to-civil).
    static func civil(_ seconds: Double) -> (Int, Int, Int, Int, Int, Int) {
        let total = Int(seconds.rounded(.down))
        var days = total / 86_400
        var rest = total % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, rest / 3600, rest % 3600 / 60, rest % 60)
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for c in self {
            if c == "\"" { out += "\"\"" } else { out.append(c) }
        }
        return out
    }
}
