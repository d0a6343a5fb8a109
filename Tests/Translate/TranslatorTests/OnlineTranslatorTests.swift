import Foundation
import Testing
import Translator
import TranslateConfigTOML
@testable import TranslatorHTTP

/// The online backends against a real HTTP server on loopback; never the internet.
/// Timeouts are 60 s except where the timeout is what a test checks: under ThreadSanitizer,
/// with the whole suite sharing two cores, one request took longer than 10 s.
@Suite struct OnlineTranslatorTests {
    @Test func libreTranslateRoundTrip() async throws {
        let server = try FakeTranslateServer()
        let backend = OnlineBackend(kind: .libreTranslate, url: server.url(), apiKey: "k1", timeout: 60)
        #expect(try await OnlineTranslator(backend: backend).translate("hello world") == "译:hello world|key")
    }

    @Test func openAICompatibleRoundTrip() async throws {
        let server = try FakeTranslateServer()
        let backend = OnlineBackend(kind: .openAI, url: server.url("/v1"), apiKey: "sk-test", model: "qwen2.5:3b", timeout: 60)
        let answer = try await OnlineTranslator(backend: backend).translate("keep going")
        #expect(answer == "译:keep going|qwen2.5:3b|Bearer sk-test")
    }

    @Test func aSlowServerTimesOutWithAClearError() async throws {
        let server = try FakeTranslateServer()
        let backend = OnlineBackend(kind: .libreTranslate, url: server.url("/slow"), timeout: 1)
        await #expect(throws: OnlineError.timedOut(service: "LibreTranslate", seconds: 1)) {
            try await OnlineTranslator(backend: backend).translate("hi")
        }
        #expect(OnlineError.timedOut(service: "LibreTranslate", seconds: 1).description == "LibreTranslate did not answer within 1 s")
    }

    @Test func garbageAndServerErrorsAreReported() async throws {
        let server = try FakeTranslateServer()
        let garbage = OnlineBackend(kind: .libreTranslate, url: server.url("/garbage"), timeout: 60)
        await #expect(throws: OnlineError.badResponse(service: "LibreTranslate", detail: "not a JSON object")) {
            try await OnlineTranslator(backend: garbage).translate("hi")
        }
        let broken = OnlineBackend(kind: .openAI, url: server.url("/broken"), model: "m", timeout: 60)
        await #expect(throws: OnlineError.httpStatus(service: "chat endpoint (m)", status: 500, message: "model not loaded")) {
            try await OnlineTranslator(backend: broken).translate("hi")
        }
    }

    /// A service's own message is shown as one line in the panel, however long it is.
    @Test func aHugeErrorMessageBecomesOneShortLine() async throws {
        let server = try FakeTranslateServer()
        let backend = OnlineBackend(kind: .libreTranslate, url: server.url("/rambling"), timeout: 60)
        await #expect {
            try await OnlineTranslator(backend: backend).translate("hi")
        } throws: { error in
            guard case .httpStatus(_, 503, let message) = error as? OnlineError else { return false }
            return message.count == OnlineBackend.maxMessageLength && message.hasPrefix("overloaded please wait overloaded")
                && message.hasSuffix("…") && !message.contains(where: { $0.isNewline || $0 == "\t" })
        }
    }

    /// A service that answers with more than anyone could read is cut off as the bytes
    /// arrive: the error names the size, not the timeout the whole body would have taken.
    @Test func anEndlessAnswerIsRefusedPastOneMebibyte() async throws {
        let server = try FakeTranslateServer()
        let backend = OnlineBackend(kind: .libreTranslate, url: server.url("/endless"), timeout: 60)
        await #expect(throws: OnlineError.badResponse(service: "LibreTranslate", detail: "the answer is larger than 1 MiB")) {
            try await OnlineTranslator(backend: backend).translate("hi")
        }
        // The client still works afterwards (the connection was dropped, not left half-read).
        let good = OnlineBackend(kind: .libreTranslate, url: server.url(), timeout: 60)
        #expect(try await OnlineTranslator(backend: good).translate("again") == "译:again")
    }

    /// The timeout covers the whole answer: a server that sends its head at once and then
    /// one byte every 200 ms (200 s for its 1,000 bytes) is given up on after the timeout.
    @Test func aTricklingAnswerTimesOut() async throws {
        let server = try FakeTranslateServer()
        let backend = OnlineBackend(kind: .libreTranslate, url: server.url("/trickle"), timeout: 1)
        await #expect(throws: OnlineError.timedOut(service: "LibreTranslate", seconds: 1)) {
            try await OnlineTranslator(backend: backend).translate("hi")
        }
    }

    /// `http_proxy` is honoured as curl honours it: the request goes through a tunnel the
    /// proxy opens (the service's host is never looked up here; only the proxy is contacted).
    @Test func aProxyFromTheEnvironmentCarriesTheRequest() async throws {
        let proxy = try FakeTranslateServer()
        let backend = OnlineBackend(kind: .libreTranslate, url: URL(string: "http://translate.invalid")!, timeout: 60)
        let environment = ["http_proxy": "http://127.0.0.1:\(proxy.port)"]
        #expect(try await OnlineTranslator(backend: backend, environment: environment).translate("hi") == "译:hi|proxied")
    }

    @Test func theProxyRulesFollowCurlsVariables() {
        let env = ["https_proxy": "proxy.corp:3128", "HTTP_PROXY": "http://p.corp", "no_proxy": "internal.corp, .lan"]
        func setting(_ url: String, _ environment: [String: String] = env) -> ProxySetting {
            ProxySetting(for: URL(string: url)!, environment: environment)
        }
        #expect(setting("https://api.example.com/v1") == .server(host: "proxy.corp", port: 3128))
        #expect(setting("http://api.example.com") == .server(host: "p.corp", port: 1080))
        #expect(setting("https://internal.corp/x") == .direct)
        #expect(setting("https://llm.internal.corp/x") == .direct)
        #expect(setting("http://box.lan:5000") == .direct)
        #expect(setting("http://notinternal.corp") == .server(host: "p.corp", port: 1080))
        #expect(setting("http://localhost:11434/v1") == .direct)
        #expect(setting("http://127.0.0.1:5000") == .direct)
        #expect(setting("https://api.example.com", ["https_proxy": "p:1", "NO_PROXY": "*"]) == .direct)
        #expect(setting("https://api.example.com", [:]) == .direct)
        #expect(setting("https://api.example.com", ["https_proxy": ""]) == .direct)
    }

    /// HTTPS checks the service's certificate against the system's trust store: a
    /// self-signed one is refused, with a reason a person can act on.
    @Test func anUntrustedCertificateIsRefusedClearly() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/key.pem",
                             "-out", dir + "/cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1"]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)
        let server = try FakeTranslateServer(tls: (dir + "/cert.pem", dir + "/key.pem"))
        let backend = OnlineBackend(kind: .libreTranslate, url: server.url(scheme: "https"), timeout: 60)
        await #expect(throws: OnlineError.unreachable(service: "LibreTranslate", detail: "its TLS certificate is not trusted here")) {
            try await OnlineTranslator(backend: backend).translate("hi")
        }
    }

    @Test func nobodyListeningIsUnreachable() async throws {
        // Bind an ephemeral port, then close it: nothing listens there.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        close(fd)
        let port = Int(UInt16(bigEndian: addr.sin_port))
        let backend = OnlineBackend(kind: .libreTranslate, url: URL(string: "http://127.0.0.1:\(port)")!, timeout: 60)
        await #expect(throws: OnlineError.unreachable(service: "LibreTranslate", detail: "Connection refused")) {
            try await OnlineTranslator(backend: backend).translate("hi")
        }
    }

    @Test func theConfigTableIsParsedAndBadValuesAreNamed() throws {
        let good = try TranslateConfigFile.backend(fromTOML: """
            fps = 12
            [translate]
            backend = "openai"
            url = "http://localhost:11434/v1"
            model = "qwen2.5:3b"
            timeout = 5
            """)
        #expect(good == OnlineBackend(kind: .openAI, url: URL(string: "http://localhost:11434/v1")!, model: "qwen2.5:3b", timeout: 5))
        #expect(try TranslateConfigFile.backend(fromTOML: "fps = 12") == nil)
        #expect(throws: OnlineError.self) { try TranslateConfigFile.backend(fromTOML: "[translate]\nbackend = \"deepl\"\nurl = \"http://x\"") }
        #expect(throws: OnlineError.self) { try TranslateConfigFile.backend(fromTOML: "[translate]\nbackend = \"openai\"\nurl = \"ftp://x\"") }
        #expect(throws: OnlineError.self) { try TranslateConfigFile.backend(fromTOML: "[translate]\nbakend = \"openai\"") }
        #expect(throws: OnlineError.self) { try TranslateConfigFile.backend(fromTOML: "[translate\n") }
        let noModel = OnlineBackend(kind: .openAI, url: URL(string: "http://localhost")!)
        #expect(throws: OnlineError.self) { try noModel.request(for: "x") }
    }

    @Test func theShellCommandPrintsOfflineThenOnline() throws {
        let server = try FakeTranslateServer()
        let (status, out, _) = try InstalledDictionary.run(
            ["translate", "--backend", "libretranslate", "--url", server.url().absoluteString, "keep"],
            environment: ["TACHIKOMA_DICT": InstalledDictionary.directory, "XDG_CONFIG_HOME": "/nonexistent"])
        #expect(status == 0)
        let offline = try #require(out.range(of: "保持"))
        let online = try #require(out.range(of: "译:keep"))
        #expect(offline.lowerBound < online.lowerBound)
        let (failStatus, _, err) = try InstalledDictionary.run(
            ["translate", "--backend", "openai", "--url", server.url("/broken").absoluteString, "--model", "m", "keep"],
            environment: ["TACHIKOMA_DICT": InstalledDictionary.directory, "XDG_CONFIG_HOME": "/nonexistent"])
        #expect(failStatus == 3)
        #expect(err.contains("HTTP 500: model not loaded"))
    }
}
