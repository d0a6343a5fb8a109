import ServerStatus
import Testing

@Suite struct PrometheusTextTests {
    @Test func parsesCommentsHelpTypeLabelsAndTimestamps() throws {
        let text = """
            # HELP tachikoma_connections Open client connections
            # TYPE tachikoma_connections gauge
            tachikoma_connections 3
            # a free comment, ignored
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="get", code="400",} 3 
            weird:name_1{path="a\\\\b\\"c\\nd"} -1.5e3

            """
        let samples = try PrometheusText.parse(text)
        #expect(samples.count == 4)
        #expect(samples[0] == MetricSample(name: "tachikoma_connections", value: 3))
        #expect(samples[1].labels == ["method": "post", "code": "200"])
        #expect(samples[1].timestamp == 1_395_066_363_000)
        #expect(samples[2].labels == ["method": "get", "code": "400"])
        #expect(samples[3].name == "weird:name_1")
        #expect(samples[3].labels["path"] == "a\\b\"c\nd")
        #expect(samples[3].value == -1500)
    }

    @Test func specialValues() throws {
        let samples = try PrometheusText.parse("a +Inf\nb -Inf\nc NaN\nd 0\ne 1e-3\n")
        #expect(samples[0].value == .infinity)
        #expect(samples[1].value == -.infinity)
        #expect(samples[2].value.isNaN)
        #expect(samples[3].value == 0)
        #expect(samples[4].value == 0.001)
    }

    @Test func emptyBodyAndCRLFLines() throws {
        #expect(try PrometheusText.parse("").isEmpty)
        #expect(try PrometheusText.parse("\n\n  \n").isEmpty)
        #expect(try PrometheusText.parse("a 1\r\nb 2\r\n").map(\.value) == [1, 2])
    }

    /// Each hostile body is rejected with the line and a reason that says what was wrong.
    @Test(arguments: [
        ("<html><body>hi</body></html>", 1, "expected a metric name"),
        ("ok 1\n{} 2", 2, "expected a metric name"),
        ("a", 1, "expected a space"),
        ("a 1 2 3", 1, "unexpected text"),
        ("a one", 1, "is not a number"),
        ("a 0x1p3", 1, "is not a number"),
        ("a 1 12.5", 1, "is not a timestamp"),
        ("a{b=\"c\" 1", 1, "expected ',' or '}'"),
        ("a{b=\"c} 1", 1, "unterminated"),
        ("a{b=\"\\x\"} 1", 1, "badly escaped"),
        ("a{b=c} 1", 1, "expected '\"'"),
        ("a{b=\"1\",b=\"2\"} 1", 1, "given twice"),
        ("a{1b=\"1\"} 1", 1, "expected a label name"),
        ("# TYPE a gauge extra", 1, "unexpected text after the metric type"),
        ("# TYPE a sometype", 1, "unknown metric type"),
        ("# HELP", 1, "expected a metric name after # HELP"),
        ("a 1\nb\u{0}c 2", 2, "control character"),
        ("a 1\u{7}", 1, "control character"),
    ])
    func rejectsHostileLines(body: String, line: Int, reason: String) {
        #expect {
            try PrometheusText.parse(body)
        } throws: { error in
            guard let e = error as? PrometheusParseError else { return false }
            return e.line == line && e.reason.contains(reason)
        }
    }

    @Test func rejectsAHugeLine() {
        let body = "a{b=\"" + String(repeating: "x", count: PrometheusText.maxLineLength) + "\"} 1"
        #expect(throws: PrometheusParseError.self) { try PrometheusText.parse(body) }
    }

    @Test func rejectsTooManySamples() {
        let body = String(repeating: "a 1\n", count: PrometheusText.maxSamples + 1)
        #expect { try PrometheusText.parse(body) } throws: { ($0 as? PrometheusParseError)?.reason.contains("more than") == true }
    }

    @Test func unknownCommentsAreIgnored() throws {
        #expect(try PrometheusText.parse("#\n# EOF\n#HELP\n# help x\n").isEmpty)
    }
}
