import Foundation
import Testing
import Translator
import TranslatorHTTP

/// The online backends against a real HTTP server on loopback; never the internet.
@Suite struct OnlineTranslatorTests {
    @Test func libreTranslateRoundTrip() async throws {
        let server = try FakeTranslateServer()
        let backend = OnlineBackend(kind: .libreTranslate, url: server.url(), apiKey: "k1", timeout: 10)
        #expect(try await OnlineTranslator(backend: backend).translate("hello world") == "译:hello world|key")
    }

    @Test func openAICompatibleRoundTrip() async throws {
        let server = try FakeTranslateServer()
        let backend = OnlineBackend(kind: .openAI, url: server.url("/v1"), apiKey: "sk-test", model: "qwen2.5:3b", timeout: 10)
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
        let garbage = OnlineBackend(kind: .libreTranslate, url: server.url("/garbage"), timeout: 10)
        await #expect(throws: OnlineError.badResponse(service: "LibreTranslate", detail: "not a JSON object")) {
            try await OnlineTranslator(backend: garbage).translate("hi")
        }
        let broken = OnlineBackend(kind: .openAI, url: server.url("/broken"), model: "m", timeout: 10)
        await #expect(throws: OnlineError.httpStatus(service: "chat endpoint (m)", status: 500, message: "model not loaded")) {
            try await OnlineTranslator(backend: broken).translate("hi")
        }
    }

    /// A service's own message is shown as one line in the panel, however long it is.
    @Test func aHugeErrorMessageBecomesOneShortLine() async throws {
        let server = try FakeTranslateServer()
        let backend = OnlineBackend(kind: .libreTranslate, url: server.url("/rambling"), timeout: 10)
        await #expect {
            try await OnlineTranslator(backend: backend).translate("hi")
        } throws: { error in
            guard case .httpStatus(_, 503, let message) = error as? OnlineError else { return false }
            return message.count == OnlineBackend.maxMessageLength && message.hasPrefix("overloaded please wait overloaded")
                && message.hasSuffix("…") && !message.contains(where: { $0.isNewline || $0 == "\t" })
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
        let backend = OnlineBackend(kind: .libreTranslate, url: URL(string: "http://127.0.0.1:\(port)")!, timeout: 5)
        await #expect {
            try await OnlineTranslator(backend: backend).translate("hi")
        } throws: { error in
            guard case .unreachable(let service, _) = error as? OnlineError else { return false }
            return service == "LibreTranslate"
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
