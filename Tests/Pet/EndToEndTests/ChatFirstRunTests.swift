#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness
import Testing

/// The chat's first minute as a newcomer lives it, driven the way a person drives it: the
/// mouse opens the menu and picks Chat, the form is filled and its button clicked, then every
/// way of changing buffers. The assertions read what the screen means: which buffer the
/// header names, which sidebar row is marked, and where a typed line arrives (seen by an
/// independent IRC connection). The pet talks to our real server through `SlowProxy`, which
/// delays every reply and holds the channel's JOIN, NAMES and history back behind later
/// lines, as a far or busy server would.
@Suite(.serialized) struct ChatFirstRunTests {
    let pet = Products.path("tachikoma")

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The lines a slow server sends late: everything about joining a channel.
    static let joinBlock: @Sendable (String) -> Bool = { line in
        var rest = Substring(line)
        var tags = Substring("")
        if rest.hasPrefix("@") {
            tags = rest.prefix(while: { $0 != " " })
            rest = rest.drop(while: { $0 != " " }).dropFirst()
        }
        if rest.hasPrefix(":") { rest = rest.drop(while: { $0 != " " }).dropFirst() }
        let command = String(rest.prefix(while: { $0 != " " && $0 != "\r" && $0 != "\n" }))
        return ["JOIN", "353", "366", "332", "333", "329", "BATCH", "MARKREAD"].contains(command) || tags.contains("batch=")
    }

    /// Everything a test needs: the server, the proxy, a pet in tmux, an observer.
    struct World {
        let server: pid_t
        let serverPort: Int
        let proxy: SlowProxy?
        let tmux: TmuxSession
        let dir: String

        func close() {
            tmux.close()
            proxy?.close()
            Spawn.killAndReap(server)
        }
    }

    /// Starts our server, the proxy in front of it (unless `direct`), and a pet whose
    /// chat.toml names the proxy.
    func world(_ name: String, direct: Bool = false, delay: Double = 0.3, extra: Double = 1.5) throws -> World {
        let dir = NSTemporaryDirectory() + "tk-first-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir + "/config/tachikoma", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        let (server, port) = try ChatTerminalTests.startServer(dir: dir)
        let proxy = direct ? nil : try SlowProxy(upstream: port, delay: delay, extra: extra, hold: Self.joinBlock)
        try "".write(toFile: dir + "/pet.toml", atomically: true, encoding: .utf8)
        try "server = \"127.0.0.1:\(proxy?.port ?? port)\"\n".write(toFile: dir + "/chat.toml", atomically: true, encoding: .utf8)
        let t = try TmuxSession(command: [pet, "--config", dir + "/pet.toml", "--seed", "3"], width: 100, height: 28,
                                environment: ["XDG_CONFIG_HOME": dir + "/config", "XDG_DATA_HOME": dir + "/data", "HOME": dir])
        return World(server: server, serverPort: port, proxy: proxy, tmux: t, dir: dir)
    }

    // MARK: What the screen means

    /// The header's left part: the name of the buffer on screen.
    static func header(_ t: TmuxSession) -> String {
        (t.lines().first ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// The sidebar rows drawn in reverse video (the marked, active buffer), read from a
    /// colour capture. tmux writes an attribute only where it changes, even across rows, so
    /// the reverse state is followed from the top of the screen.
    static func reversedSidebarRows(_ t: TmuxSession) -> [String] {
        var reverse = false
        var rows: [String] = []
        let screen = t.capture(colors: true).components(separatedBy: "\n")
        for (y, row) in screen.enumerated() {
            var column = 0
            var text = ""
            var allReversed = true
            var chars = row.makeIterator()
            while let c = chars.next() {
                if c == "\u{1B}" {
                    var sequence = ""
                    while let d = chars.next(), d != "m" { sequence.append(d) }
                    for code in sequence.dropFirst().split(separator: ";", omittingEmptySubsequences: false) {
                        if code == "7" { reverse = true } else if code == "27" || code == "0" || code.isEmpty { reverse = false }
                    }
                    continue
                }
                if column < 18 {
                    text.append(c)
                    allReversed = allReversed && reverse
                }
                column += 1
            }
            // The header (row 0) and the input line (the last row) are not the sidebar.
            if y > 0 && y < screen.count - 2 && column > 0 && allReversed && !text.isEmpty {
                rows.append(text.trimmingCharacters(in: .whitespaces))
            }
        }
        return rows
    }

    /// Waits until the header names `name` and the sidebar marks it (and only it).
    static func waitActive(_ t: TmuxSession, _ name: String, sidebarLabel: String? = nil, timeout: Double = 20) throws {
        let label = sidebarLabel ?? name
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let head = header(t)
            let marked = reversedSidebarRows(t)
            if head.hasPrefix(name) && marked == ["▸" + label] && t.capture().contains("▸" + label) { return }
            usleep(100_000)
        }
        throw Failure(description: "expected \(name) on screen: header '\(header(t))', marked rows \(reversedSidebarRows(t))\n\(t.capture())")
    }

    /// The 0-based (x, y) of the first occurrence of `text` on screen (in the sidebar's
    /// columns only, with `sidebar`).
    static func locate(_ t: TmuxSession, _ text: String, sidebar: Bool = false) throws -> (x: Int, y: Int) {
        for (y, row) in t.lines().enumerated() {
            let row = sidebar ? String(row.prefix(18)) : row
            if let r = row.range(of: text) {
                return (row[..<r.lowerBound].count, y)
            }
        }
        throw Failure(description: "'\(text)' is not on screen:\n\(t.capture())")
    }

    // MARK: What a person does

    /// Right-click on the pet, then a left click on the menu's Chat item.
    static func openChatWithTheMouse(_ t: TmuxSession) throws {
        try t.waitUntil("the pet is drawn") { screen in screen.contains(where: { !$0.isWhitespace }) }
        t.click(.right, x: 30, y: 8)
        try t.waitFor("Screenshot")
        let chat = try locate(t, "│ Chat")
        t.click(.left, x: chat.x + 2, y: chat.y)
        try t.waitFor("Tachikoma chat")
    }

    /// Types nick and password into the form and clicks a button (Log in, Register, Guest).
    static func fillForm(_ t: TmuxSession, nick: String, password: String, button: String) throws {
        let nickField = try locate(t, "Nick")
        t.click(.left, x: nickField.x + 12, y: nickField.y)
        t.type(nick)
        if !password.isEmpty {
            t.press("Tab")
            t.type(password)
        }
        try t.waitFor(nick)
        let b = try locate(t, " \(button) ")
        t.click(.left, x: b.x + 2, y: b.y)
    }

    /// Creates an account from the shell, as an operator would.
    static func addAccount(_ w: World, name: String, password: String) throws {
        let pwFile = w.dir + "/pw"
        try (password + "\n").write(toFile: pwFile, atomically: true, encoding: .utf8)
        // The database is the running server's; account add writes through SQLite's WAL.
        let r = try Spawn.run([Products.path("tachikoma-server"), "account", "add", name, "--db", w.dir + "/server.sqlite"],
                              stdinPath: pwFile)
        guard r.status == 0 else { throw Failure(description: "account add failed: \(r.stderr)") }
    }

    // MARK: Landing in the room

    @Test func registerWithTheMouseLandsInTheRoomWithItsMembers() throws {
        let w = try world("register")
        defer { w.close() }
        let watcher = try IRCWatcher(port: w.serverPort, nick: "watcher", channels: ["#tachikoma"])
        defer { watcher.close() }
        try Self.openChatWithTheMouse(w.tmux)
        try Self.fillForm(w.tmux, nick: "newbie", password: "newbie-pw", button: "Register")
        try Self.waitActive(w.tmux, "#tachikoma")
        // The room's members are listed, the watcher among them.
        try w.tmux.waitFor("Members 2")
        try w.tmux.waitFor("watcher")
        // What the newcomer types goes to the room.
        w.tmux.type("hello, room")
        w.tmux.press("Enter")
        try watcher.waitFor("PRIVMSG #tachikoma :hello, room")
    }

    /// The newcomer's path of `make run`: no server anywhere, so the pet starts the bundled one.
    @Test func withTheBundledServerTooTheNewcomerLandsInTheRoom() throws {
        let port = try Loopback.freePort()
        let dir = NSTemporaryDirectory() + "tk-first-bundled-\(UUID().uuidString.prefix(8))"
        for sub in ["/config/tachikoma", "/data", "/run"] {
            try FileManager.default.createDirectory(atPath: dir + sub, withIntermediateDirectories: true)
        }
        try "".write(toFile: dir + "/pet.toml", atomically: true, encoding: .utf8)
        try "server = \"127.0.0.1:\(port)\"\n".write(toFile: dir + "/chat.toml", atomically: true, encoding: .utf8)
        let t = try TmuxSession(command: [pet, "--config", dir + "/pet.toml", "--seed", "3"], width: 100, height: 28,
                                environment: ["XDG_CONFIG_HOME": dir + "/config", "XDG_DATA_HOME": dir + "/data",
                                              "XDG_RUNTIME_DIR": dir + "/run", "HOME": dir])
        defer { t.close() }
        try Self.openChatWithTheMouse(t)
        try Self.fillForm(t, nick: "firsttimer", password: "first-pw", button: "Register")
        try Self.waitActive(t, "#tachikoma", timeout: 30)
        let watcher = try IRCWatcher(port: port, nick: "greeter", channels: ["#tachikoma"])
        defer { watcher.close() }
        try t.waitFor("Members 2")
        try Self.say(World(server: 0, serverPort: port, proxy: nil, tmux: t, dir: dir), watcher, "my first words", arrivesIn: "#tachikoma")
    }

    /// The same with the keyboard only (the `c` key, Tab, arrows, Enter): the header must
    /// name the room, not keep the last status message (it showed "Account … created.").
    @Test func registerWithTheKeyboardLandsInTheRoom() throws {
        let w = try world("keys")
        defer { w.close() }
        let watcher = try IRCWatcher(port: w.serverPort, nick: "kwatch", channels: ["#tachikoma"])
        defer { watcher.close() }
        w.tmux.type("c")
        try w.tmux.waitFor("Tachikoma chat")
        w.tmux.type("keyboarder")
        w.tmux.press("Tab")
        w.tmux.type("keys-pw")
        w.tmux.press("Tab")
        w.tmux.press("Tab")
        w.tmux.press("Right")
        w.tmux.press("Enter")
        try Self.waitActive(w.tmux, "#tachikoma")
        try Self.say(w, watcher, "typed, not clicked", arrivesIn: "#tachikoma")
    }

    @Test func logInLandsInTheRoomWithRecentHistory() throws {
        let w = try world("login")
        defer { w.close() }
        try Self.addAccount(w, name: "motoko", password: "major-pw")
        let watcher = try IRCWatcher(port: w.serverPort, nick: "batou", channels: ["#tachikoma"])
        defer { watcher.close() }
        watcher.send("PRIVMSG #tachikoma :said before motoko came")
        watcher.sync()
        try Self.openChatWithTheMouse(w.tmux)
        try Self.fillForm(w.tmux, nick: "motoko", password: "major-pw", button: "Log in")
        try Self.waitActive(w.tmux, "#tachikoma")
        try w.tmux.waitFor("batou: said before motoko came")
        w.tmux.type("hi batou")
        w.tmux.press("Enter")
        try watcher.waitFor("PRIVMSG #tachikoma :hi batou")
    }

    @Test func guestLandsInTheRoom() throws {
        let w = try world("guest")
        defer { w.close() }
        let watcher = try IRCWatcher(port: w.serverPort, nick: "togusa", channels: ["#tachikoma"])
        defer { watcher.close() }
        try Self.openChatWithTheMouse(w.tmux)
        try Self.fillForm(w.tmux, nick: "visitor", password: "", button: "Guest")
        try Self.waitActive(w.tmux, "#tachikoma")
        w.tmux.type("just looking")
        w.tmux.press("Enter")
        try watcher.waitFor("PRIVMSG #tachikoma :just looking")
    }

    // MARK: Switching buffers, one way per test

    /// Registers through the slow proxy, lands in #tachikoma, joins #second (which becomes
    /// active), and returns the world and an observer in both channels.
    func inTwoRooms(_ name: String) throws -> (World, IRCWatcher) {
        let w = try world(name)
        let watcher = try IRCWatcher(port: w.serverPort, nick: "obs\(name.prefix(6))", channels: ["#tachikoma", "#second"])
        try Self.openChatWithTheMouse(w.tmux)
        try Self.fillForm(w.tmux, nick: name, password: "\(name)-pw", button: "Register")
        try Self.waitActive(w.tmux, "#tachikoma")
        w.tmux.type("/join #second")
        w.tmux.press("Enter")
        // /join shows the new room at once, even before the slow server confirms it.
        try Self.waitActive(w.tmux, "#second")
        try w.tmux.waitFor("Members 2")
        return (w, watcher)
    }

    /// Sends `text` from the pet and checks that it reached `channel`, and only it.
    static func say(_ w: World, _ watcher: IRCWatcher, _ text: String, arrivesIn channel: String) throws {
        w.tmux.type(text)
        w.tmux.press("Enter")
        let line = try watcher.waitFor(":\(text)")
        #expect(line.contains("PRIVMSG \(channel) :\(text)"), "\(line)")
    }

    @Test func ctrlNAndCtrlPSwitchBuffers() throws {
        let (w, watcher) = try inTwoRooms("ctrln")
        defer { w.close(); watcher.close() }
        w.tmux.press("C-n")  // wraps to the server buffer
        try Self.waitActive(w.tmux, "127.0.0.1", sidebarLabel: "server")
        w.tmux.press("C-n")
        try Self.waitActive(w.tmux, "#tachikoma")
        try Self.say(w, watcher, "via ctrl-n", arrivesIn: "#tachikoma")
        w.tmux.press("C-p")
        w.tmux.press("C-p")
        try Self.waitActive(w.tmux, "#second")
        try Self.say(w, watcher, "via ctrl-p", arrivesIn: "#second")
    }

    @Test func altArrowsSwitchBuffers() throws {
        let (w, watcher) = try inTwoRooms("altarr")
        defer { w.close(); watcher.close() }
        w.tmux.press("M-Left")
        try Self.waitActive(w.tmux, "#tachikoma")
        try Self.say(w, watcher, "via alt-left", arrivesIn: "#tachikoma")
        w.tmux.press("M-Right")
        try Self.waitActive(w.tmux, "#second")
        try Self.say(w, watcher, "via alt-right", arrivesIn: "#second")
    }

    @Test func clickingSidebarRowsSwitchesBuffers() throws {
        let (w, watcher) = try inTwoRooms("click")
        defer { w.close(); watcher.close() }
        let server = try Self.locate(w.tmux, "server", sidebar: true)
        w.tmux.click(.left, x: server.x, y: server.y)
        try Self.waitActive(w.tmux, "127.0.0.1", sidebarLabel: "server")
        let room = try Self.locate(w.tmux, "#tachikoma", sidebar: true)
        w.tmux.click(.left, x: room.x + 1, y: room.y)
        try Self.waitActive(w.tmux, "#tachikoma")
        try Self.say(w, watcher, "via click", arrivesIn: "#tachikoma")
        // A member's row opens a private conversation with them.
        try w.tmux.waitFor("obsclick")
        let member = try Self.locate(w.tmux, "obsclick", sidebar: true)
        w.tmux.click(.left, x: member.x, y: member.y)
        try Self.waitActive(w.tmux, "obsclick")
        w.tmux.type("psst, a secret")
        w.tmux.press("Enter")
        let line = try watcher.waitFor(":psst, a secret")
        #expect(line.contains("PRIVMSG obsclick :psst, a secret"), "\(line)")
    }

    @Test func slashJoinSwitchesBeforeTheServerAnswers() throws {
        let (w, watcher) = try inTwoRooms("join")
        defer { w.close(); watcher.close() }
        let third = try IRCWatcher(port: w.serverPort, nick: "thirdobs", channels: ["#third"])
        defer { third.close() }
        // Back to a room already joined, then into a new one: the screen follows at once
        // (the proxy holds the new room's JOIN for 1.8 s).
        w.tmux.type("/join #tachikoma")
        w.tmux.press("Enter")
        try Self.waitActive(w.tmux, "#tachikoma", timeout: 1.5)
        try Self.say(w, watcher, "via slash join", arrivesIn: "#tachikoma")
        w.tmux.type("/join #third")
        w.tmux.press("Enter")
        try Self.waitActive(w.tmux, "#third", timeout: 1.5)
        // What is typed before the server confirms the JOIN still goes to the new room.
        w.tmux.type("early words")
        w.tmux.press("Enter")
        let line = try third.waitFor(":early words")
        #expect(line.contains("PRIVMSG #third :early words"), "\(line)")
    }
}

/// An independent IRC connection (a plain socket, not our client) that joins channels and
/// reports what it hears; it answers PING and synchronises with PING/PONG.
final class IRCWatcher {
    private let fd: Int32
    private var pending = ""
    private var heard: [String] = []
    private var token = 0

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(port: Int, nick: String, channels: [String]) throws {
        guard let fd = Loopback.connect(port: port) else { throw Failure(description: "cannot connect to \(port)") }
        self.fd = fd
        send("NICK \(nick)")
        send("USER \(nick) 0 * :\(nick)")
        try waitFor(" 001 ")
        for c in channels {
            send("JOIN \(c)")
            try waitFor(" 366 \(nick) \(c) ")
        }
    }

    func close() { Glibc.close(fd) }

    func send(_ line: String) {
        let bytes = Array((line + "\r\n").utf8)
        _ = SlowProxy.writeAll(fd, bytes)
    }

    /// Sends PING and waits for its PONG: everything the server sent before is then read.
    func sync() {
        token += 1
        send("PING sync\(token)")
        _ = try? waitFor("sync\(token)")
    }

    /// Reads until a line containing `text` arrives (or `timeout` seconds pass); returns it.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let i = heard.firstIndex(where: { $0.contains(text) }) {
                let line = heard[i]
                heard.removeSubrange(...i)
                return line
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure(description: "never heard '\(text)'; last lines: \(heard.suffix(5))") }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(min(left, 0.5) * 1000)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &buffer, buffer.count)
            guard n > 0 else { throw Failure(description: "connection closed waiting for '\(text)'") }
            pending += String(decoding: buffer[0..<n], as: UTF8.self)
            while let r = pending.range(of: "\r\n") {
                let line = String(pending[..<r.lowerBound])
                pending.removeSubrange(..<r.upperBound)
                if line.hasPrefix("PING ") {
                    send("PONG " + line.dropFirst(5))
                } else {
                    heard.append(line)
                }
            }
        }
    }
}
