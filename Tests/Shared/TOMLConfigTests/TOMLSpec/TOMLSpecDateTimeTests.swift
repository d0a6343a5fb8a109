import Testing
import TOMLKit
import TOMLPrecheck

/// TOML v1.0.0, sections "Offset Date-Time", "Local Date-Time", "Local Date" and "Local Time"
/// (RFC 3339's `full-date`, `partial-time` and `time-offset`, as the ABNF of TOML 1.0.0
/// takes them).
@Suite struct TOMLSpecDateTimeTests {
    /// "To unambiguously represent a specific instant in time, you may use an RFC 3339
    /// formatted date-time with offset."
    @Test func offsetDateTimes() {
        expectValid("""
            odt1 = 1979-05-27T07:32:00Z
            odt2 = 1979-05-27T00:32:00-07:00
            odt3 = 1979-05-27T00:32:00.999999-07:00
            """, ["odt1": "1979-05-27T07:32:00Z", "odt2": "1979-05-27T00:32:00-07:00", "odt3": "1979-05-27T00:32:00.999999-07:00"])
        expectValid("a = 1979-05-27t07:32:00z\nb = 1979-05-27T07:32:00+09:30", ["a": "1979-05-27T07:32:00Z", "b": "1979-05-27T07:32:00+09:30"])
        expectInvalid("a = 1979-05-27T07:32:00+0700", at: 1, 27, "a time offset is written +HH:MM or -HH:MM")
        expectInvalid("a = 1979-05-27T07:32:00+24:00", at: 1, 25, "a time offset's hours must be 00–23")
        expectInvalid("a = 1979-05-27T07:32:00-07:60", at: 1, 28, "a time offset's minutes must be 00–59")
        expectInvalid("a = 1979-05-27T07:32:00X", at: 1, 24, "expected Z or an offset like +09:00 after the time, found 'X'")
        expectInvalid("a = 1979-05-27T07:32:00ZZ", at: 1, 25, "unexpected 'Z' after the date-time")
    }

    /// "For the sake of readability, you may replace the T delimiter between date and time
    /// with a space character (as permitted by RFC 3339 section 5.6)."
    @Test func spaceBetweenDateAndTime() {
        expectValid("odt4 = 1979-05-27 07:32:00Z\nin = [1979-05-27 07:32:00, 1979-05-28]",
                    ["odt4": "1979-05-27T07:32:00Z", "in": "[1979-05-27T07:32:00, 1979-05-28]"])
        expectValid("ld = 1979-05-27 # a date, then a comment", ["ld": "1979-05-27"])
        expectInvalid("a = 1979-05-27  07:32:00", at: 1, 17, "expected the end of the line, found '0'")
        expectInvalid("a = 1979-05-27 7:32:00", at: 1, 17, "a time's hour must be two digits")
        expectInvalid("a = 1979-05-27_07:32:00", at: 1, 15, "expected 'T' or a space between the date and the time, found '_'")
    }

    /// The open fuzz finding `abort-parse-time-assert`: a date-time whose time does not start
    /// with a digit made toml++ fail a C `assert` and abort the program. TOMLPrecheck alone is
    /// asked here (before the fix it let this through, and TOMLKit would abort the test run).
    @Test func aDateTimeWithoutATimeIsRefused() {
        expectInvalid("a = 1979-05-27T~7:32:00", at: 1, 16, "a date-time needs a time after the date (HH:MM:SS)")
        expectInvalid("a = 1979-05-27T", at: 1, 16, "a date-time needs a time after the date")
        expectInvalid("a = 1979-05-27T7:32:00", at: 1, 17, "a time's hour must be two digits (HH:MM:SS)")
    }

    /// "Millisecond precision is required. Further precision of fractional seconds is
    /// implementation-specific."
    @Test func fractionalSeconds() {
        expectValid("a = 07:32:00.5\nb = 1979-05-27T07:32:00.123456789Z", ["a": "07:32:00.5", "b": "1979-05-27T07:32:00.123456789Z"])
        expectInvalid("a = 07:32:00.", at: 1, 14, "a fraction of a second needs digits after the '.'")
        expectInvalid("a = 1979-05-27T07:32:00.Z", at: 1, 25, "a fraction of a second needs digits")
    }

    /// "If you omit the offset from an RFC 3339 formatted date-time, it will represent the
    /// given date-time without any relation to an offset or timezone."
    @Test func localDateTimes() {
        expectValid("ldt1 = 1979-05-27T07:32:00\nldt2 = 1979-05-27T00:32:00.999999",
                    ["ldt1": "1979-05-27T07:32:00", "ldt2": "1979-05-27T00:32:00.999999"])
    }

    /// "If you include only the date portion of an RFC 3339 formatted date-time, it will
    /// represent that entire day without any relation to an offset or timezone."
    @Test func localDates() {
        expectValid("ld1 = 1979-05-27", ["ld1": "1979-05-27"])
        expectInvalid("a = 1979-5-27", at: 1, 11, "a date's month must be two digits (YYYY-MM-DD)")
        expectInvalid("a = 79-05-27", at: 1, 7, "a date's year must be four digits")
        expectInvalid("a = 1979-05-7", at: 1, 14, "a date's day must be two digits")
        expectInvalid("a = 1979-05", at: 1, 12, "expected '-' after the month, found the end of the value")
        expectInvalid("a = 1979-05-271", at: 1, 15, "expected 'T' or a space between the date and the time, found '1'")
    }

    /// "If you include only the time portion of an RFC 3339 formatted date-time, it will
    /// represent that time of day without any relation to a specific day or any offset or
    /// timezone."
    @Test func localTimes() {
        expectValid("lt1 = 07:32:00\nlt2 = 00:32:00.999999", ["lt1": "07:32:00", "lt2": "00:32:00.999999"])
        expectInvalid("a = 07:32", at: 1, 10, "TOML 1.0 needs the seconds")
        expectInvalid("a = 07:32:00Z", at: 1, 13, "a time without a date cannot have an offset")
        expectInvalid("a = 07:32:00-07:00", at: 1, 13, "cannot have an offset")
        expectInvalid("a = 7:32:00", at: 1, 6, "a time's hour must be two digits")
    }

    /// RFC 3339 (5.7): "date-month 01-12", "date-mday 01-28, 01-29, 01-30, 01-31 based on
    /// month/year", "time-hour 00-23", "time-minute 00-59", "time-second 00-58, 00-59, 00-60
    /// based on leap second rules".
    @Test func fieldsAreInRange() {
        expectInvalid("a = 1979-13-27", at: 1, 10, "a date's month must be 01–12")
        expectInvalid("a = 1979-00-27", at: 1, 10, "a date's month must be 01–12")
        expectInvalid("a = 1979-05-00", at: 1, 13, "a date's day must be 01–31 in month 05")
        expectInvalid("a = 1979-04-31", at: 1, 13, "a date's day must be 01–30 in month 04")
        expectInvalid("a = 2023-02-29", at: 1, 13, "a date's day must be 01–28 in February 2023")
        expectInvalid("a = 1900-02-29", at: 1, 13, "01–28 in February 1900")
        expectValid("a = 2024-02-29\nb = 2000-02-29\nc = 1979-12-31", ["a": "2024-02-29", "b": "2000-02-29", "c": "1979-12-31"])
        expectInvalid("a = 24:00:00", at: 1, 5, "a time's hour must be 00–23")
        expectInvalid("a = 1979-05-27T23:60:00", at: 1, 19, "a time's minute must be 00–59")
        expectInvalid("a = 23:59:61", at: 1, 11, "a time's second must be 00–60")
        expectValid("a = 23:59:59", ["a": "23:59:59"])
    }

    /// A leap second (`:60`) is valid RFC 3339, so TOMLPrecheck lets it through; toml++ does
    /// not take it, and reports that as an ordinary error.
    @Test func aLeapSecondIsLeftToTOMLKit() {
        expectRefusedByTOMLKit("a = 1990-12-31T23:59:60Z")
    }
}
