/// One sample of the Prometheus text exposition format: `name{label="value",...} value [timestamp]`.
public struct MetricSample: Hashable, Sendable {
    public var name: String
    public var labels: [String: String]
    public var value: Double
    /// Milliseconds since the Unix epoch, when the exporter gave one.
    public var timestamp: Int64?

    public init(name: String, labels: [String: String] = [:], value: Double, timestamp: Int64? = nil) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }
}

/// Why a body is not Prometheus text: the 1-based line and what was wrong there.
public struct PrometheusParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
}

/// A parser for the subset of the Prometheus text format (version 0.0.4) a status view
/// needs: comments, `# HELP` and `# TYPE`, samples with labels, `+Inf`/`-Inf`/`NaN` and an
/// optional timestamp. A scrape comes from the network, so anything else (an HTML page, a
/// binary blob, a line of a megabyte) is rejected as a whole, with the first reason.
public enum PrometheusText {
    /// Limits that keep a hostile body from costing much.
    public static let maxLineLength = 16 * 1024
    public static let maxSamples = 100_000
    public static let maxLabels = 64

    static let metricTypes: Set<String> = ["counter", "gauge", "histogram", "summary", "untyped"]

    /// Parses a whole exposition; throws on the first line that is not valid.
    public static func parse(_ text: String) throws(PrometheusParseError) -> [MetricSample] {
        var samples: [MetricSample] = []
        var number = 0
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            var line = rawLine[...]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard line.count <= maxLineLength else {
                throw PrometheusParseError(line: number, reason: "line longer than \(maxLineLength) bytes")
            }
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            if let c = line.first(where: { $0 < 0x20 && $0 != UInt8(ascii: "\t") }) {
                throw PrometheusParseError(line: number, reason: "control character 0x\(String(c, radix: 16)) in the text")
            }
            var cursor = Cursor(bytes: Array(line))
            do throws(PrometheusParseError) {
                if cursor.peek == UInt8(ascii: "#") {
                    try parseComment(&cursor)
                } else {
                    samples.append(try parseSample(&cursor))
                    guard samples.count <= maxSamples else {
                        throw PrometheusParseError(line: 0, reason: "more than \(maxSamples) samples")
                    }
                }
            } catch {
                throw PrometheusParseError(line: error.line == 0 ? number : error.line, reason: error.reason)
            }
        }
        return samples
    }

    /// `# HELP name text`, `# TYPE name type`, or any other comment (ignored).
    static func parseComment(_ c: inout Cursor) throws(PrometheusParseError) {
        c.advance()
        guard c.skipBlanks() > 0 else { return }  // "#HELP" is a plain comment
        let keyword = c.word()
        guard keyword == "HELP" || keyword == "TYPE" else { return }
        c.skipBlanks()
        guard c.metricName() != nil else { throw fail("expected a metric name after # \(keyword)") }
        guard keyword == "TYPE" else { return }
        c.skipBlanks()
        let type = c.word()
        guard metricTypes.contains(type) else { throw fail("unknown metric type '\(type.prefix(20))'") }
        c.skipBlanks()
        guard c.atEnd else { throw fail("unexpected text after the metric type") }
    }

    /// `name[{labels}] value [timestamp]`.
    static func parseSample(_ c: inout Cursor) throws(PrometheusParseError) -> MetricSample {
        c.skipBlanks()
        guard let name = c.metricName() else {
            throw fail("expected a metric name, found '\(c.preview)'")
        }
        var labels: [String: String] = [:]
        var blanks = c.skipBlanks()
        if c.peek == UInt8(ascii: "{") {
            c.advance()
            labels = try parseLabels(&c)
            blanks = c.skipBlanks()
        }
        guard blanks > 0 else { throw fail("expected a space before the value of \(name)") }
        let valueText = c.word()
        guard let value = parseValue(valueText) else {
            throw fail("'\(valueText.prefix(30))' is not a number (value of \(name))")
        }
        var timestamp: Int64?
        if c.skipBlanks() > 0, !c.atEnd {
            let t = c.word()
            guard let ts = Int64(t) else { throw fail("'\(t.prefix(30))' is not a timestamp") }
            timestamp = ts
            c.skipBlanks()
        }
        guard c.atEnd else { throw fail("unexpected text after the value of \(name)") }
        return MetricSample(name: name, labels: labels, value: value, timestamp: timestamp)
    }

    /// `label="value",...}` after the opening brace; a trailing comma is allowed.
    static func parseLabels(_ c: inout Cursor) throws(PrometheusParseError) -> [String: String] {
        var labels: [String: String] = [:]
        while true {
            c.skipBlanks()
            if c.peek == UInt8(ascii: "}") {
                c.advance()
                return labels
            }
            guard let label = c.labelName() else { throw fail("expected a label name or '}'") }
            c.skipBlanks()
            guard c.peek == UInt8(ascii: "=") else { throw fail("expected '=' after label \(label)") }
            c.advance()
            c.skipBlanks()
            guard c.peek == UInt8(ascii: "\"") else { throw fail("expected '\"' to open the value of label \(label)") }
            c.advance()
            guard let value = c.quoted() else { throw fail("unterminated or badly escaped value of label \(label)") }
            guard labels.updateValue(value, forKey: label) == nil else { throw fail("label \(label) given twice") }
            guard labels.count <= maxLabels else { throw fail("more than \(maxLabels) labels") }
            c.skipBlanks()
            if c.peek == UInt8(ascii: ",") {
                c.advance()
            } else if c.peek != UInt8(ascii: "}") {
                throw fail("expected ',' or '}' after the value of label \(label)")
            }
        }
    }

    /// A Go-style float: decimal or exponent form, `+Inf`, `-Inf`, `NaN` (any case).
    static func parseValue(_ s: String) -> Double? {
        switch s.lowercased() {
        case "+inf", "inf": return .infinity
        case "-inf": return -.infinity
        case "nan": return .nan
        default: break
        }
        guard !s.isEmpty, s.utf8.allSatisfy({ byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "+-.eE".utf8.contains(byte)
        }) else { return nil }
        return Double(s)
    }

    static func fail(_ reason: String) -> PrometheusParseError { PrometheusParseError(line: 0, reason: reason) }
}

/// A read position in one line.
struct Cursor {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }
    /// A few printable characters at the cursor, for error messages.
    var preview: String {
        let rest = bytes[index...].prefix(12).map { $0 >= 0x20 && $0 < 0x7F ? Character(Unicode.Scalar($0)) : "?" }
        return String(rest)
    }

    mutating func advance() { index += 1 }

    /// Skips spaces and tabs; returns how many.
    @discardableResult
    mutating func skipBlanks() -> Int {
        let start = index
        while let b = peek, b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") { index += 1 }
        return index - start
    }

    /// Everything up to the next blank.
    mutating func word() -> String {
        let start = index
        while let b = peek, b != UInt8(ascii: " "), b != UInt8(ascii: "\t") { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    mutating func metricName() -> String? { identifier(colon: true) }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`.
    mutating func labelName() -> String? { identifier(colon: false) }

    private mutating func identifier(colon: Bool) -> String? {
        let start = index
        func isStart(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == UInt8(ascii: "_") || (colon && b == UInt8(ascii: ":"))
        }
        guard let first = peek, isStart(first) else { return nil }
        index += 1
        while let b = peek, isStart(b) || (b >= 0x30 && b <= 0x39) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// The rest of a quoted label value after its opening quote, with `\\`, `\"` and `\n`
    /// unescaped; nil when it does not end or has another escape or invalid UTF-8.
    mutating func quoted() -> String? {
        var out: [UInt8] = []
        while let b = peek {
            index += 1
            switch b {
            case UInt8(ascii: "\""):
                return String(validating: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let e = peek else { return nil }
                index += 1
                switch e {
                case UInt8(ascii: "\\"): out.append(e)
                case UInt8(ascii: "\""): out.append(e)
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                default: return nil
                }
            default:
                out.append(b)
            }
        }
        return nil
    }
}
