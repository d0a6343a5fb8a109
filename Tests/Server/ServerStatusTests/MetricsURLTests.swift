import ServerStatus
import Testing

@Suite struct MetricsURLTests {
    @Test(arguments: [
        ("127.0.0.1:9187", "127.0.0.1", 9187, "/metrics"),
        ("http://127.0.0.1:9187/metrics", "127.0.0.1", 9187, "/metrics"),
        ("HTTP://localhost:80/x/y?z=1", "localhost", 80, "/x/y?z=1"),
        ("http://example.org", "example.org", 80, "/metrics"),
        ("http://[::1]:9187/metrics", "::1", 9187, "/metrics"),
        ("[::1]:1", "::1", 1, "/metrics"),
        ("localhost:65535/other", "localhost", 65535, "/other"),
    ])
    func parses(text: String, host: String, port: Int, path: String) throws {
        let url = try MetricsURL(parsing: text)
        #expect(url == MetricsURL(host: host, port: port, path: path))
    }

    @Test(arguments: [
        ("", "empty"),
        ("localhost", "no port"),
        ("localhost:0", "not a port"),
        ("localhost:65536", "not a port"),
        ("localhost:http", "not a port"),
        ("https://localhost:9187", "https is not supported"),
        ("ftp://localhost:21", "unsupported scheme"),
        ("http://:9187/metrics", "no host"),
        ("http://user@localhost:1/", "user names"),
        ("http://[::1:9187/", "unclosed"),
        ("local host:1", "spaces"),
        ("héllo:1", "not allowed"),
        ("a$b:1", "not a host"),
        ("http://h:1/a#b", "fragments"),
    ])
    func rejects(text: String, reason: String) {
        #expect { try MetricsURL(parsing: text) } throws: { error in
            (error as? MetricsURL.Invalid)?.description.contains(reason) == true
        }
    }

    @Test func describesItself() {
        #expect(MetricsURL.standard.description == "http://127.0.0.1:9105/metrics")
        #expect(MetricsURL(host: "::1", port: 5, path: "/m").authority == "[::1]:5")
    }
}
