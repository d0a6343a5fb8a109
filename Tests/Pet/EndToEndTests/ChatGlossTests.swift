#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness
import Testing

/// Translation inside the chat (issue 15, item 3), as a person uses it in a real terminal:
/// Alt-T glosses the latest message under it, a click on a message's time stamp glosses that
/// one, `/tr WORDS` looks words up, and the input still goes to the room afterwards. The pet
/// uses the dictionary `make test` installed and our server; an independent IRC connection
/// says the lines and sees what the pet sends.
@Suite(.serialized) struct ChatGlossTests {
    /// The 0-based row of the first line containing `text`.
    static func row(_ t: TmuxSession, _ text: String) throws -> Int {
        try ChatFirstRunTests.locate(t, text).y
    }

    @Test func altTAClickOnATimeStampAndSlashTrGlossUnderTheMessage() throws {
        let room = try Room(petConfig: "")
        defer { room.close() }
        let t = room.tmux, watcher = room.watcher
        watcher.send("PRIVMSG #tachikoma :hello")
        watcher.send("PRIVMSG #tachikoma :the books were on the table")
        try t.waitFor("batou: the books were on the table")

        // Alt-T: the latest message, glossed on the rows right under it.
        t.press("M-t")
        try t.waitFor("逐词释义")
        let sentence = try Self.row(t, "batou: the books were on the table")
        let gloss = try Self.row(t, "逐词释义")
        #expect(gloss == sentence + 1, "the gloss sits under its message:\n\(t.capture())")
        let glossRows = t.lines()[gloss...].prefix(3).joined(separator: " ")
        #expect(t.lines()[gloss].contains("⤷") && glossRows.contains("books") && glossRows.contains("table"), "\(t.capture())")

        // A click on the time stamp of the earlier message glosses that one (a word: its entry).
        let hello = try ChatFirstRunTests.locate(t, "batou: hello")
        t.click(.left, x: hello.x - 5, y: hello.y)
        _ = try t.waitUntil("a gloss under hello") { _ in
            let lines = t.lines()
            guard let y = lines.firstIndex(where: { $0.contains("batou: hello") }), y + 1 < lines.count else { return false }
            return lines[y + 1].contains("⤷") && lines[y + 1].contains("hello")
        }

        // /tr WORDS: looked up without leaving the room, shown at the end.
        t.type("/tr serendipity")
        t.press("Enter")
        _ = try t.waitUntil("serendipity glossed") { screen in screen.contains("⤷") && screen.components(separatedBy: "serendipity").count >= 2 }
        #expect((try? watcher.waitFor("serendipity", timeout: 2)) == nil, "a lookup is not sent to the room")

        // The input still goes to the room.
        t.type("thanks, dictionary")
        t.press("Enter")
        try watcher.waitFor("PRIVMSG #tachikoma :thanks, dictionary")
        #expect(ChatFirstRunTests.header(t).hasPrefix("#tachikoma"))
    }

    /// With a `[translate]` service configured, a glossed message also gets the service's
    /// reading under the dictionary's, when it answers (issue 15, item 3: "with the online
    /// backend when one is configured"); a failing service is said, the gloss stays.
    @Test func theOnlineServiceReadsAGlossedMessageToo() throws {
        let service = try GatedTranslateServer()
        defer { service.stop() }
        let room = try Room(petConfig: "[translate]\nbackend = \"libretranslate\"\nurl = \"http://127.0.0.1:\(service.port)\"\ntimeout = 20\n")
        defer { room.close() }
        let t = room.tmux, watcher = room.watcher
        watcher.send("PRIVMSG #tachikoma :the books were on the table")
        try t.waitFor("batou: the books were on the table")
        t.press("M-t")
        // The dictionary at once; the service holds its answer until the gate opens.
        let offline = try t.waitFor("逐词释义")
        #expect(!offline.contains("LibreTranslate"))
        service.openGate()
        let both = try t.waitFor("LibreTranslate: 译:the books")
        let message = try Self.row(t, "batou: the books were on the table")
        let online = try Self.row(t, "LibreTranslate: 译:the books")
        #expect(online > message && online <= message + 4, "the service's line sits under the message's gloss:\n\(both)")
        #expect(both.contains("逐词释义"), "the dictionary's gloss stays")

        // A service that fails is said under the message; the gloss stays.
        watcher.send("PRIVMSG #tachikoma :failing words")
        try t.waitFor("batou: failing words")
        t.press("M-t")
        let failed = try t.waitFor("LibreTranslate failed")
        #expect(failed.contains("HTTP 500"), "\(failed)")
        // The input still goes to the room.
        t.type("thanks, both")
        t.press("Enter")
        try watcher.waitFor("PRIVMSG #tachikoma :thanks, both")
    }

    /// Our server, the pet in tmux with `petConfig`, its chat opened with the mouse and in
    /// `#tachikoma` as a guest, and batou (an independent IRC connection) in the room.
    struct Room {
        let dir = NSTemporaryDirectory() + "tk-gloss-\(UUID().uuidString.prefix(8))"
        let server: pid_t
        let tmux: TmuxSession
        let watcher: IRCWatcher

        init(petConfig: String) throws {
            let dir = self.dir
            try FileManager.default.createDirectory(atPath: dir + "/config/tachikoma", withIntermediateDirectories: true)
            let (server, port) = try ChatTerminalTests.startServer(dir: dir)
            var tmux: TmuxSession?
            var watcher: IRCWatcher?
            do {
                try petConfig.write(toFile: dir + "/pet.toml", atomically: true, encoding: .utf8)
                try "server = \"127.0.0.1:\(port)\"\n".write(toFile: dir + "/chat.toml", atomically: true, encoding: .utf8)
                let t = try TmuxSession(command: [Products.path("tachikoma"), "--config", dir + "/pet.toml", "--seed", "3"],
                                        width: 110, height: 30,
                                        environment: ["XDG_CONFIG_HOME": dir + "/config", "XDG_DATA_HOME": dir + "/data", "HOME": dir,
                                                      "TACHIKOMA_DICT": TranslateDialogTests.dictionary])
                tmux = t
                let w = try IRCWatcher(port: port, nick: "batou", channels: ["#tachikoma"])
                watcher = w
                try ChatFirstRunTests.openChatWithTheMouse(t)
                try ChatFirstRunTests.fillForm(t, nick: "reader", password: "", button: "Guest")
                try ChatFirstRunTests.waitActive(t, "#tachikoma")
                self.tmux = t
                self.watcher = w
                self.server = server
            } catch {
                tmux?.close()
                watcher?.close()
                Spawn.killAndReap(server)
                try? FileManager.default.removeItem(atPath: dir)
                throw error
            }
        }

        func close() {
            tmux.close()
            watcher.close()
            Spawn.killAndReap(server)
            try? FileManager.default.removeItem(atPath: dir)
        }
    }
}
