#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness
import Testing

/// The chat end to end: real `tachikoma` pets in tmux, our real server, and irssi.
@Suite(.serialized) struct ChatTerminalTests {
    let pet = Products.path("tachikoma")

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A loopback port that was free a moment ago.
    static func freePort() throws -> Int { try Loopback.freePort() }

    static func answers(_ port: Int) -> Bool { Loopback.answers(port) }

    /// Waits (bounded) until `condition` holds.
    static func eventually(_ what: String, timeout: Double = 20, _ condition: () -> Bool) throws {
        try Loopback.eventually(what, timeout: timeout, condition)
    }

    /// Our server on a free port, killed when the returned process is.
    ///
    /// A "free" port can be taken by another test's outgoing connection before the server
    /// binds it (the whole suite runs in parallel); then the server exits and we try another.
    static func startServer(dir: String) throws -> (pid_t, Int) {
        var why = ""
        for _ in 0..<3 {
            let port = try freePort()
            let log = dir + "/server-\(port).log"
            let pid = try Spawn.background([Products.path("tachikoma-server"), "--listen", "127.0.0.1:\(port)",
                                           "--db", dir + "/server.sqlite"], stderrPath: log)
            var status: Int32 = 0
            var exited = false
            try? eventually("server listening or gone") {
                exited = exited || waitpid(pid, &status, WNOHANG) == pid
                return exited || answers(port)
            }
            if !exited && answers(port) { return (pid, port) }
            if !exited { Spawn.killAndReap(pid) }
            why = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        throw Failure(description: "the server did not start on three ports; its last words: \(why.suffix(300))")
    }

    static func stop(_ pid: pid_t) {
        Spawn.killAndReap(pid)
    }

    /// A private home for one pet: its pet config, its chat settings, its XDG dirs.
    func home(_ name: String, chat: String) throws -> (args: [String], env: [String: String], dir: String) {
        let dir = NSTemporaryDirectory() + "tk-chat-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir + "/config/tachikoma", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try "".write(toFile: dir + "/pet.toml", atomically: true, encoding: .utf8)
        if !chat.isEmpty { try chat.write(toFile: dir + "/chat.toml", atomically: true, encoding: .utf8) }
        return ([pet, "--config", dir + "/pet.toml", "--seed", "3"],
                ["XDG_CONFIG_HOME": dir + "/config", "XDG_DATA_HOME": dir + "/data", "HOME": dir], dir)
    }

    /// The text of a settings file ("" when missing).
    static func saved(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// Whether the file's bytes contain `secret`'s UTF-8 bytes anywhere.
    static func holds(_ path: String, _ secret: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return data.range(of: Data(secret.utf8)) != nil
    }

    @Test func twoPetsChatInTheRoomAndInPrivateAndTheClosedPanelAnnounces() throws {
        let serverDir = NSTemporaryDirectory() + "tk-chat-srv-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: serverDir, withIntermediateDirectories: true)
        let (server, port) = try Self.startServer(dir: serverDir)
        defer { Self.stop(server) }
        let a = try home("alice", chat: "server = \"127.0.0.1:\(port)\"\n")
        let b = try home("bob", chat: "server = \"127.0.0.1:\(port)\"\nfriends = [\"alice\"]\n")
        let ta = try TmuxSession(command: a.args, width: 100, height: 28, environment: a.env)
        defer { ta.close() }
        let tb = try TmuxSession(command: b.args, width: 100, height: 28, environment: b.env)
        defer { tb.close() }
        // Both register accounts through the form: nick, password, remember, Register.
        for (t, nick) in [(ta, "alice"), (tb, "bob")] {
            t.type("c")
            try t.waitFor("Tachikoma chat")
            t.type(nick)
            t.press("Tab")
            t.type("\(nick)-password")
            t.press("Tab")
            t.press("Tab")
            t.press("Right")
            t.press("Enter")
            try t.waitFor("● \(nick)", timeout: 20)
            try t.waitFor("Account \(nick) created.")
        }
        // Bob follows alice: she shows online in his friend list.
        try tb.waitFor("● alice")

        ta.type("hello from alice 你好")
        ta.press("Enter")
        try tb.waitFor("alice: hello from alice 你好")

        tb.type("/msg alice psst alice")
        tb.press("Enter")
        ta.type("/query bob")
        ta.press("Enter")
        try ta.waitFor("bob: psst alice")

        // Bob closes his panel; his pet announces alice's next private message.
        tb.press("Escape")
        try tb.waitUntil("panel closed") { !$0.contains("› ") }
        ta.type("are you there bob?")
        ta.press("Enter")
        try tb.waitFor("alice: are you there bob?")
        // Reopening shows the message in the private buffer list with its unread count.
        tb.type("c")
        try tb.waitFor("alice")
    }

    @Test func irssiAndAPetTalkBothWays() throws {
        let serverDir = NSTemporaryDirectory() + "tk-chat-srv-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: serverDir, withIntermediateDirectories: true)
        let (server, port) = try Self.startServer(dir: serverDir)
        defer { Self.stop(server) }
        let p = try home("pet", chat: "server = \"127.0.0.1:\(port)\"\nnick = \"tachi\"\nremember = true\n")
        let tp = try TmuxSession(command: p.args, width: 100, height: 28, environment: p.env)
        defer { tp.close() }
        tp.type("c")
        try tp.waitFor("● tachi", timeout: 20)

        let irssiHome = p.dir + "/irssi"
        try FileManager.default.createDirectory(atPath: irssiHome, withIntermediateDirectories: true)
        let ti = try TmuxSession(command: ["irssi", "--home=\(irssiHome)", "-c", "127.0.0.1", "-p", String(port), "-n", "human"],
                                 width: 100, height: 28, environment: ["HOME": p.dir])
        defer { ti.close() }
        try ti.waitFor("Welcome", timeout: 20)
        ti.type("/join #tachikoma")
        ti.press("Enter")
        try tp.waitFor("human joined #tachikoma")
        ti.type("hi pet, from irssi")
        ti.press("Enter")
        try tp.waitFor("human: hi pet, from irssi")
        tp.type("hello human 🕷️")
        tp.press("Enter")
        try ti.waitFor("hello human")
        ti.type("/msg tachi a secret")
        ti.press("Enter")
        tp.type("/query human")
        tp.press("Enter")
        try tp.waitFor("human: a secret")
        tp.type("secret back")
        tp.press("Enter")
        // irssi shows private messages in a query window of their own (window 3).
        ti.type("/window 3")
        ti.press("Enter")
        try ti.waitFor("<tachi> secret back")
    }

    /// Even a pet killed with SIGKILL takes its bundled server with it.
    @Test func theBundledServerDiesWithAKilledPet() throws {
        let port = try Self.freePort()
        let n = try home("killed", chat: "server = \"127.0.0.1:\(port)\"\nnick = \"kenny\"\nremember = true\n")
        let t = try TmuxSession(command: n.args, width: 100, height: 28, environment: n.env)
        defer { t.close() }
        try Self.eventually("the pet starts its server") { Self.answers(port) }
        let found = try Spawn.run(["/usr/bin/pgrep", "-f", "^" + pet + " --config " + n.dir + "/pet.toml"])
        let pids = found.stdout.split(separator: "\n").compactMap { pid_t($0) }
        #expect(pids.count == 1)
        for pid in pids { kill(pid, SIGKILL) }
        try Self.eventually("the server stops with the pet") { !Self.answers(port) }
    }

    @Test func aNewcomerGetsTheBundledServerAndTheRoom() throws {
        let port = try Self.freePort()
        #expect(!Self.answers(port))
        let n = try home("newbie", chat: "server = \"127.0.0.1:\(port)\"\n")
        let t = try TmuxSession(command: n.args, width: 100, height: 28, environment: n.env)
        defer { t.close() }
        t.type("c")
        try t.waitFor("Tachikoma chat")
        try t.waitFor("127.0.0.1:\(port)")
        // Nick, password, remember me (on), then Register.
        t.type("newbie")
        t.press("Tab")
        t.type("s3cret-密码")
        t.press("Tab")
        t.press("Tab")
        t.press("Right")
        t.press("Enter")
        try t.waitFor("● newbie", timeout: 30)
        try t.waitFor("Account newbie created.")
        try t.waitFor("#tachikoma")
        #expect(Self.answers(port))
        // "remember me" saved the SCRAM keys (learnt by logging in again at once), never the password.
        let path = n.dir + "/chat.toml"
        try Self.eventually("the keys are saved") { Self.saved(path).contains("scram_client_key = ") }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(Self.saved(path).contains("nick = \"newbie\""))
        #expect(!Self.holds(path, "s3cret-密码") && !Self.saved(path).contains("password"))
        // /quit leaves the program, which stops the server it started.
        t.type("/quit")
        t.press("Enter")
        try Self.eventually("the bundled server stops with the pet") { !Self.answers(port) }
        // A restart logs in from the keys alone (a guest could not have the account's nick).
        let again = try TmuxSession(command: n.args, width: 100, height: 28, environment: n.env)
        defer { again.close() }
        try Self.eventually("the pet starts its server again") { Self.answers(port) }
        again.type("c")
        let screen = try again.waitFor("● newbie", timeout: 30)
        #expect(!screen.contains("newbie_") && !screen.contains("Password needed"))
        #expect(!Self.holds(path, "s3cret-密码"))
        again.type("/quit")
        again.press("Enter")
        try Self.eventually("the bundled server stops with the pet") { !Self.answers(port) }
    }

    /// "remember me" never keeps the password: an old chat.toml with one is rewritten with the
    /// SCRAM keys at the next login, so is a Log in through the form; damaged keys and a server
    /// without SASL (ngIRCd) bring the form back asking for the password, losing nothing else.
    @Test func rememberMeKeepsKeysNotThePassword() throws {
        let serverDir = NSTemporaryDirectory() + "tk-chat-srv-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: serverDir, withIntermediateDirectories: true)
        for (name, password) in [("legacy", "legacy-pass-鍵"), ("former", "former-pass")] {
            try (password + "\n").write(toFile: serverDir + "/pw", atomically: true, encoding: .utf8)
            let added = try Spawn.run([Products.path("tachikoma-server"), "account", "add", name, "--db", serverDir + "/server.sqlite"],
                                      stdinPath: serverDir + "/pw")
            #expect(added.status == 0, "account add \(name): \(added.stderr)")
        }
        let (server, port) = try Self.startServer(dir: serverDir)
        defer { Self.stop(server) }

        // An old file with the password in clear: upgraded in place at the next (SCRAM) login.
        let old = try home("legacy", chat: """
            server = "127.0.0.1:\(port)"
            nick = "legacy"
            password = "legacy-pass-鍵"
            remember = true
            friends = ["former"]
            """)
        let tl = try TmuxSession(command: old.args, width: 100, height: 28, environment: old.env)
        defer { tl.close() }
        let oldPath = old.dir + "/chat.toml"
        try Self.eventually("the old file is upgraded", timeout: 30) { !Self.holds(oldPath, "legacy-pass-鍵") }
        let upgraded = Self.saved(oldPath)
        #expect(upgraded.contains("scram_salt = ") && upgraded.contains("scram_server_key = ") && !upgraded.contains("password"))
        #expect(upgraded.contains("\"former\""))
        #expect((try FileManager.default.attributesOfItem(atPath: oldPath)[.posixPermissions] as? Int) == 0o600)
        tl.type("c")
        try tl.waitFor("● legacy", timeout: 20)

        // Log in through the form with "remember me": keys, not the password.
        let form = try home("former", chat: "server = \"127.0.0.1:\(port)\"\n")
        let tf = try TmuxSession(command: form.args, width: 100, height: 28, environment: form.env)
        defer { tf.close() }
        tf.type("c")
        try tf.waitFor("Tachikoma chat")
        tf.type("former")
        tf.press("Tab")
        tf.type("former-pass")
        tf.press("Enter")
        try tf.waitFor("● former", timeout: 20)
        let formPath = form.dir + "/chat.toml"
        try Self.eventually("the form's login saved keys") { Self.saved(formPath).contains("scram_client_key = ") }
        #expect(!Self.holds(formPath, "former-pass"))

        // The upgraded file serves a restart: the legacy pet comes back from the keys alone.
        tl.type("/quit")
        tl.press("Enter")
        let tl2 = try TmuxSession(command: old.args, width: 100, height: 28, environment: old.env)
        defer { tl2.close() }
        tl2.type("c")
        let back = try tl2.waitFor("● legacy", timeout: 20)
        #expect(!back.contains("legacy_") && !back.contains("Password needed"))

        // Damaged keys: the form says so and asks for the password; friends are kept.
        var damaged = Self.saved(oldPath)
        let keyLine = damaged.split(separator: "\n").first { $0.hasPrefix("scram_client_key") }.map(String.init) ?? ""
        damaged = damaged.replacingOccurrences(of: keyLine, with: "scram_client_key = \"AAAA!!\"")
        let broken = try home("broken", chat: damaged)
        let tb = try TmuxSession(command: broken.args, width: 100, height: 28, environment: broken.env)
        defer { tb.close() }
        tb.type("c")
        try tb.waitFor("Password needed: the saved login keys", timeout: 20)
        try tb.waitFor("Tachikoma chat")
        tb.type("legacy-pass-鍵")
        tb.press("Enter")
        let brokenPath = broken.dir + "/chat.toml"
        try Self.eventually("fresh keys replace the damaged ones", timeout: 30) {
            let text = Self.saved(brokenPath)
            return text.contains("scram_client_key = ") && !text.contains("AAAA!!")
        }
        #expect(!Self.holds(brokenPath, "legacy-pass-鍵") && Self.saved(brokenPath).contains("\"former\""))

        // A server without SASL (ngIRCd): saved keys cannot serve; the form asks for the password.
        let ngPort = try Self.freePort()
        try """
            [Global]
            Name = ngircd.test
            Info = Tachikoma test server
            Listen = 127.0.0.1
            Ports = \(ngPort)
            [Options]
            DNS = no
            Ident = no
            PAM = no
            """.write(toFile: serverDir + "/ngircd.conf", atomically: true, encoding: .utf8)
        let ng = try Spawn.background(["/usr/sbin/ngircd", "-n", "-f", serverDir + "/ngircd.conf"])
        defer { Self.stop(ng) }
        try Self.eventually("ngIRCd listens") { Self.answers(ngPort) }
        let elsewhere = try home("elsewhere", chat: upgraded.replacingOccurrences(of: "127.0.0.1:\(port)", with: "127.0.0.1:\(ngPort)"))
        let tn = try TmuxSession(command: elsewhere.args, width: 100, height: 28, environment: elsewhere.env)
        defer { tn.close() }
        try tn.waitFor("Password needed", timeout: 20)
        tn.type("c")
        try tn.waitFor("Password needed: this server offers no", timeout: 10)
        try tn.waitFor("Tachikoma chat")
        #expect(Self.saved(elsewhere.dir + "/chat.toml").contains("scram_client_key = "))
    }
}
