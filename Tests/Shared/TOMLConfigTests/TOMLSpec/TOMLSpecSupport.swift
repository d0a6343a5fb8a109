import Testing
import TOMLKit
import TOMLPrecheck

// Helpers for the tests of TOMLPrecheck against the TOML v1.0.0 specification
// (https://toml.io/en/v1.0.0). Each test quotes the sentence of the specification it checks.

/// A document TOML calls valid: TOMLPrecheck lets it through, and TOMLKit then reads it to
/// `expected` (dotted paths to values written as TOML would; only the listed paths are
/// compared). This keeps the checker from being stricter than TOML.
func expectValid(_ text: String, _ expected: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) {
    let problem = TOMLPrecheck.problem(in: text)
    #expect(problem == nil, "TOMLPrecheck refused valid TOML: \(problem?.description ?? "")", sourceLocation: sourceLocation)
    guard problem == nil else { return }
    do {
        let values = flatten(try TOMLTable(string: text))
        for (path, value) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(values[path] == value, "\(path)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("TOMLKit refused it: \(error)", sourceLocation: sourceLocation)
    }
}

/// A document TOML calls invalid for its syntax: TOMLPrecheck refuses it at `line`:`column`
/// with a reason that contains `reason`.
func expectInvalid(_ text: String, at line: Int, _ column: Int, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let problem = TOMLPrecheck.problem(in: text)
    #expect(problem != nil, "TOMLPrecheck let invalid TOML through", sourceLocation: sourceLocation)
    guard let problem else { return }
    #expect(problem.line == line && problem.column == column, "at \(problem)", sourceLocation: sourceLocation)
    #expect(problem.reason.contains(reason), "reason: \(problem.reason)", sourceLocation: sourceLocation)
}

/// A document whose syntax is valid but whose meaning TOML forbids (a key or table defined
/// twice): TOMLPrecheck lets it through and TOMLKit reports it as an ordinary error.
func expectRefusedByTOMLKit(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let problem = TOMLPrecheck.problem(in: text)
    #expect(problem == nil, "TOMLPrecheck refused it: \(problem?.description ?? "")", sourceLocation: sourceLocation)
    #expect(throws: (any Error).self, sourceLocation: sourceLocation) { _ = try TOMLTable(string: text) }
}

/// Every leaf of `table` by its dotted path (`a.b.c`); arrays and the tables inside them are
/// rendered whole.
func flatten(_ table: TOMLTable, prefix: String = "") -> [String: String] {
    var out: [String: String] = [:]
    for key in table.keys {
        guard let value = table[key] else { continue }
        let path = prefix.isEmpty ? key : prefix + "." + key
        if let sub = value.table, sub.count > 0 {
            out.merge(flatten(sub, prefix: path)) { first, _ in first }
        } else {
            out[path] = render(value)
        }
    }
    return out
}

/// A value written the way TOML would write it: strings in quotes (unescaped), dates in
/// RFC 3339, floats as Swift prints them.
func render(_ value: any TOMLValueConvertible) -> String {
    if let array = value.array { return "[" + array.map { render($0) }.joined(separator: ", ") + "]" }
    if let table = value.table {
        return "{" + table.keys.sorted().map { "\($0) = \(table[$0].map { render($0) } ?? "?")" }.joined(separator: ", ") + "}"
    }
    if let s = value.string { return "\"" + s + "\"" }
    if let i = value.int { return String(i) }
    if let d = value.double {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return "\(d)"
    }
    if let b = value.bool { return String(b) }
    if let date = value.date { return render(date) }
    if let time = value.time { return render(time) }
    if let dateTime = value.dateTime {
        var text = render(dateTime.date) + "T" + render(dateTime.time)
        if let offset = dateTime.offset?.offset {
            let m = abs(offset)
            text += offset == 0 ? "Z" : (offset < 0 ? "-" : "+") + two(m / 60) + ":" + two(m % 60)
        }
        return text
    }
    return "?"
}

private func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

private func render(_ date: TOMLDate) -> String { "\(date.year)-\(two(date.month))-\(two(date.day))" }

private func render(_ time: TOMLTime) -> String {
    var text = "\(two(time.hour)):\(two(time.minute)):\(two(time.second))"
    if time.nanoSecond > 0 {
        var fraction = String(time.nanoSecond)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        text += "." + fraction
    }
    return text
}
