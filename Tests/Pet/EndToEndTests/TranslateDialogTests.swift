import Foundation
import TerminalHarness
import Testing

/// The Translate dialog in a real terminal (tmux): opened from the pet's menu, a word typed
/// and looked up in the installed dictionary (`make test` installs it with
/// scripts/install-dictionary.sh), an online service answering later, and Esc back to the pet.
@Suite(.serialized) struct TranslateDialogTests {
    let pet = Products.path("tachikoma")

    /// Where `make test` installed the dictionary: the rule of DictionaryLocation and
    /// scripts/install-dictionary.sh ($TACHIKOMA_DICT, else the XDG data dir).
    static var dictionary: String {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["TACHIKOMA_DICT"], !dir.isEmpty { return dir }
        let data = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (env["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return data + "/tachikoma/dict"
    }

    /// A fresh XDG config dir with `config.toml` holding `text`; the pet reads it through
    /// both `--config` and `$XDG_CONFIG_HOME` (where the `[translate]` table is read), so
    /// the user's own config never leaks in.
    func freshConfig(_ text: String = "") throws -> (home: String, file: String) {
        let home = NSTemporaryDirectory() + "tk-e2e-tr-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home + "/tachikoma", withIntermediateDirectories: true)
        let file = home + "/tachikoma/config.toml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (home, file)
    }

    func start(config: String = "", dictionary: String = Self.dictionary) throws -> TmuxSession {
        let (home, file) = try freshConfig(config)
        let t = try TmuxSession(command: [pet, "--config", file], width: 100, height: 30,
                                environment: ["XDG_CONFIG_HOME": home, "XDG_DATA_HOME": home + "/data", "TACHIKOMA_DICT": dictionary])
        try t.waitUntil("the pet", timeout: TmuxSession.startTimeout) { Self.petVisible($0) }
        return t
    }

    /// Something drawn on the bottom rows: the pet stands there.
    static func petVisible(_ screen: String) -> Bool {
        screen.components(separatedBy: "\n").prefix(30).suffix(3).contains { $0.contains { $0 != " " } }
    }

    @Test func menuOpensTheDialogAWordIsTranslatedAndEscapeGoesBack() throws {
        let t = try start()
        defer { t.close() }
        t.click(.right, x: 10, y: 4)
        let menu = try t.waitFor("Translate 英译中")
        let row = try #require(menu.components(separatedBy: "\n").firstIndex { $0.contains("Translate 英译中") })
        t.click(.left, x: 13, y: row)
        let dialog = try t.waitFor("dictionary: ECDICT")
        #expect(dialog.contains("type English and press Enter"))
        #expect(!dialog.contains("Screenshot"))  // the menu closed
        t.type("kept")
        t.press("Enter")
        let answer = try t.waitFor("→ kept is")
        // The form's own entry, its base form with senses and pinyin, and the recent list.
        for text in ["keep的过去式和过去分词", "of keep:", "keep  /", "保持", "bǎo chí", "Recent: kept"] {
            #expect(answer.contains(text), "missing \(text) in:\n\(answer)")
        }
        // The whole dialog stays left of the pet's strip and inside the pane.
        #expect(answer.components(separatedBy: "\n").allSatisfy { $0.count <= 100 })
        t.press("Escape")
        let back = try t.waitUntil("the dialog to close") { !$0.contains("英译中") }
        #expect(Self.petVisible(back))
        #expect(t.isRunning)
        // It opens again with the key `t`, the last lookup still there.
        t.type("t")
        try t.waitFor("Recent: kept")
    }

    @Test func editingScrollingAndRecallWorkInTheTerminal() throws {
        let t = try start()
        defer { t.close() }
        t.type("t")
        try t.waitFor("dictionary: ECDICT")
        // A CJK-aware line: type, move left over wide characters, delete one, type again.
        t.type("kep你好")
        t.press("Left", "Left", "BSpace")  // deletes the "p" before 你好
        t.type("ep")
        t.press("C-e", "BSpace", "BSpace", "Enter")
        let keep = try t.waitFor("keep  /")
        #expect(keep.contains("› keep"))
        #expect(keep.contains("keeping"))
        t.press("BSpace")  // the selected query goes
        t.type("give up")
        t.press("Enter")
        try t.waitFor("放弃")
        t.press("BSpace", "Up", "Up")
        try t.waitFor("› keep")
        // A paste of several lines is one query.
        t.press("C-u")
        t.type("\u{1B}[200~the cat\nkept\nrunning\u{1B}[201~")
        t.press("Enter")
        try t.waitFor("逐词释义")
        #expect(t.capture().contains("› the cat kept running"))
        // A gloss longer than the view scrolls with PgDn and back with PgUp.
        t.press("C-u")
        t.type(Array(repeating: "the cat sat on the mat", count: 10).joined(separator: " "))
        t.press("Enter")
        func indicator(_ screen: String) -> String? {
            screen.components(separatedBy: "\n").first { $0.contains("─") && $0.contains(" of ") }
        }
        try t.waitUntil("a scroll position at the top") { indicator($0)?.contains(" 1–") == true && indicator($0)?.contains("↓") == true }
        t.press("PageDown")
        try t.waitUntil("the view scrolled") { indicator($0)?.contains("↑") == true && indicator($0)?.contains(" 1–") == false }
        t.press("PageUp")
        try t.waitUntil("back at the top") { indicator($0)?.contains(" 1–") == true }
    }

    @Test func missingDictionaryNamesTheInstallCommand() throws {
        let t = try start(dictionary: NSTemporaryDirectory() + "tk-no-dict-\(UUID().uuidString.prefix(8))")
        defer { t.close() }
        t.type("t")
        try t.waitFor("scripts/install-dictionary.sh")
        t.type("kept")
        t.press("Enter")
        let screen = try t.waitFor("not installed")
        #expect(screen.contains("scripts/install-dictionary.sh"))
        #expect(t.isRunning)
    }

    @Test func anOnlineServiceAnswersAfterTheDictionaryAndFailuresAreSaid() throws {
        let server = try GatedTranslateServer()
        defer { server.stop() }
        let t = try start(config: """
            [translate]
            backend = "libretranslate"
            url = "http://127.0.0.1:\(server.port)"
            timeout = 20
            """)
        defer { t.close() }
        t.type("t")
        try t.waitFor("Online: LibreTranslate answers after the dictionary.")
        t.type("kept")
        t.press("Enter")
        // The offline answer is there at once, the online one is pending (the server
        // holds its answer until the gate opens).
        let pending = try t.waitFor("asking LibreTranslate online")
        #expect(pending.contains("keep的过去式"))
        server.openGate()
        let answered = try t.waitFor("译:kept")
        #expect(answered.contains("── online: LibreTranslate ──"))
        #expect(answered.contains("── offline: ECDICT ──"))
        #expect(answered.contains("keep的过去式"))
        #expect(!answered.contains("asking"))
        // The server fails a request: the error is said, the offline answer stays.
        t.type("failqzx")
        t.press("Enter")
        let failed = try t.waitFor("online translation failed")
        #expect(failed.contains("HTTP 500"))
        #expect(failed.contains("engine exploded"))
        #expect(failed.contains("“failqzx” is not in the dictionary"))
    }
}

/// A LibreTranslate stand-in on loopback (python3's http.server, an ephemeral port):
/// `POST /translate` answers `译:<q>` once a gate file exists (so a test can see the
/// pending state without timing), and HTTP 500 for a `q` starting with `fail`. It exits when its
/// standard input closes, so it never outlives the test.
final class GatedTranslateServer {
    let process = Process()
    let input = Pipe()
    let port: Int
    let gate = NSTemporaryDirectory() + "tk-gate-\(UUID().uuidString.prefix(8))"

    static let script = #"""
    import json, os, sys, threading, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    gate = sys.argv[1]
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            if body.get("q", "").startswith("fail"):
                status, reply = 500, {"error": "engine exploded"}
            else:
                while not os.path.exists(gate): time.sleep(0.05)
                status, reply = 200, {"translatedText": "译:" + body.get("q", "")}
            data = json.dumps(reply, ensure_ascii=False).encode()
            self.send_response(status); self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
    def watchdog():
        sys.stdin.read(); os._exit(0)
    threading.Thread(target=watchdog, daemon=True).start()
    s = ThreadingHTTPServer(("127.0.0.1", 0), H)
    s.daemon_threads = True
    print(s.server_address[1], flush=True)
    s.serve_forever()
    """#

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, gate]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = input
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let p = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        port = p
    }

    func openGate() {
        _ = FileManager.default.createFile(atPath: gate, contents: Data())
    }

    /// Closes the server's input (its watchdog exits) and removes the gate file.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        try? FileManager.default.removeItem(atPath: gate)
    }
}
