import ChatCore
import ChatNIO
import Foundation
import ServerNIO
import Testing

/// The client over real TCP against our server (in process and as its executable) and ngIRCd.
@Suite(.serialized) struct ChatClientTests {
    /// Two users chat in the room and in private, and see each other as friends.
    func conversation(port: Int, a: String, b: String) async throws {
        let alice = Observed(ChatConfig(port: port, nick: a, friends: [b]))
        let bob = Observed(ChatConfig(port: port, nick: b))
        defer {
            Task { await alice.client.stop() }
            Task { await bob.client.stop() }
        }
        alice.client.start()
        try await alice.until("alice in the room") { $0.phase == .online && $0.sees(a, in: "#tachikoma") }
        bob.client.start()
        try await alice.until("bob seen online and in the room") { $0.friends[b] == .online && $0.sees(b, in: "#tachikoma") }
        #expect(alice.notices.contains(.friendOnline(b)) || alice.notices.contains { $0 == .registered(nick: a, account: nil) })

        alice.client.perform(.say(target: "#tachikoma", text: "hello 塔奇克马 🕷️", action: false))
        let seen = try await bob.until("bob reads alice") { $0.texts("#tachikoma").contains("hello 塔奇克马 🕷️") }
        let line = bob.lines("#tachikoma", in: seen).first { $0.text == "hello 塔奇克马 🕷️" }
        #expect(line?.sender == a)

        bob.client.perform(.say(target: a, text: "psst, alice", action: false))
        bob.client.perform(.say(target: a, text: "waves", action: true))
        let got = try await alice.until("alice gets the private messages") { $0.texts(b) == ["psst, alice", "waves"] }
        #expect(alice.notices.contains(.privateMessage(from: b, text: "psst, alice")))
        #expect(got.buffers[got.bufferIndex(b)!].unread == 2)
        // Bob's own lines are confirmed (echo-message) or at least written.
        let bobs = try await bob.until("bob's lines leave the queue") { $0.pendingCount == 0 }
        #expect(bob.lines(a, in: bobs).allSatisfy { $0.delivery == .delivered || $0.delivery == .sent })

        await bob.client.stop()
        try await alice.until("bob seen leaving") { $0.friends[b] == .offline }
    }

    @Test func chatsOverOurServer() async throws {
        let server = try await InProcessServer.start()
        try await conversation(port: server.ports[0], a: "alice", b: "bob")
        await server.shutdown()
    }

    @Test func chatsOverNgIRCd() async throws {
        let port = try Ports.free()
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ngircd = try ServerProcess.ngircd(port: port, directory: dir)
        defer { ngircd.kill() }
        try await Ports.waitListening(port)
        try await conversation(port: port, a: "motoko", b: "batou")
    }

    @Test func registerOnAServerWithoutAccountsFallsBackToGuest() async throws {
        let port = try Ports.free()
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ngircd = try ServerProcess.ngircd(port: port, directory: dir)
        defer { ngircd.kill() }
        try await Ports.waitListening(port)
        let user = Observed(ChatConfig(port: port, nick: "newbie", password: "secret", registerAccount: true))
        user.client.start()
        let s = try await user.until("registered as a guest") { $0.phase == .online && $0.sees("newbie", in: "#tachikoma") }
        #expect(s.account == nil)
        #expect(s.buffers[0].lines.contains { $0.text.contains("no account registration") })
        await user.client.stop()
    }

    @Test func nickCollisionOnARealServer() async throws {
        let server = try await InProcessServer.start()
        let first = Observed(ChatConfig(port: server.ports[0], nick: "twin"))
        let second = Observed(ChatConfig(port: server.ports[0], nick: "twin"))
        first.client.start()
        try await first.until("first online") { $0.phase == .online }
        second.client.start()
        let s = try await second.until("second online under another nick") { $0.phase == .online && $0.sees($0.nick, in: "#tachikoma") }
        #expect(s.nick != "twin" && s.nick.hasPrefix("twin"))
        await first.client.stop()
        await second.client.stop()
        await server.shutdown()
    }

    /// The server is killed mid-chat; a line typed while it is down is shown pending, and
    /// arrives exactly once after the restart.
    @Test func queuedLineArrivesOnceAfterServerRestart() async throws {
        let port = try Ports.free()
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var server = try ServerProcess.tachikoma(port: port, directory: dir)
        defer { server.kill() }
        try await Ports.waitListening(port)

        // Alice's automatic reconnect is far away: the test reconnects her by hand once Bob is
        // back in the room, so nothing depends on timing.
        let alice = Observed(ChatConfig(port: port, nick: "alice"), backoff: ReconnectBackoff(base: 3600, cap: 3600))
        let bob = Observed(ChatConfig(port: port, nick: "bob"))
        alice.client.start()
        bob.client.start()
        try await alice.until("both in the room") { $0.sees("bob", in: "#tachikoma") && $0.sees("alice", in: "#tachikoma") }
        alice.client.perform(.say(target: "#tachikoma", text: "before the crash", action: false))
        try await bob.until("bob reads it") { $0.texts("#tachikoma").contains("before the crash") }

        server.kill()
        try await alice.until("alice notices") { $0.phase == .disconnected(reconnecting: true) }
        alice.client.perform(.say(target: "#tachikoma", text: "typed while down", action: false))
        let pending = try await alice.until("pending") { $0.pendingCount == 1 }
        #expect(alice.lines("#tachikoma", in: pending).last?.delivery == .pending)

        server = try ServerProcess.tachikoma(port: port, directory: dir)
        try await Ports.waitListening(port)
        try await bob.until("bob back in the room") { $0.phase == .online && $0.sees("bob", in: "#tachikoma") }
        alice.client.perform(.connect)
        let confirmed = try await alice.until("alice's queued line confirmed") { $0.phase == .online && $0.pendingCount == 0 }
        #expect(alice.lines("#tachikoma", in: confirmed).filter { $0.text == "typed while down" }.map(\.delivery) == [.delivered])
        alice.client.perform(.say(target: "#tachikoma", text: "after", action: false))
        let b = try await bob.until("bob reads the line after") { $0.texts("#tachikoma").contains("after") }
        #expect(b.texts("#tachikoma").filter { $0 == "typed while down" }.count == 1)
        #expect(b.texts("#tachikoma").filter { $0 == "before the crash" }.count == 1)
        await alice.client.stop()
        await bob.client.stop()
    }
}
