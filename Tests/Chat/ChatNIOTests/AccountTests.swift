import ChatCore
import ChatNIO
import Foundation
import Testing

/// Accounts, presence, history and offline messages against our server's executable with a
/// real SQLite database.
@Suite(.serialized) struct AccountTests {
    @Test func registerLoginMonitorAndOfflineMessagesThroughHistory() async throws {
        let port = try Ports.free()
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try ServerProcess.tachikoma(port: port, directory: dir)
        defer { server.kill() }
        try await Ports.waitListening(port)

        // Alice and Bob create their accounts (REGISTER before connecting).
        let alice = Observed(ChatConfig(port: port, nick: "alice", password: "alice-secret", registerAccount: true))
        alice.client.start()
        let a = try await alice.until("alice registered") { $0.phase == .online && $0.account == "alice" }
        #expect(a.has("draft/chathistory") && a.has("sasl") == false)
        #expect(alice.notices.contains(.accountRegistered("alice")))
        let bob = Observed(ChatConfig(port: port, nick: "bob", password: "bob-secret", registerAccount: true, friends: ["alice"]))
        bob.client.start()
        try await bob.until("bob registered, alice seen through MONITOR") { $0.account == "bob" && $0.friends["alice"] == .online }
        try await alice.until("both in the room") { $0.sees("bob", in: "#tachikoma") }

        // Alice leaves; Bob writes to her and to the room.
        await alice.client.stop()
        try await bob.until("bob sees alice go") { $0.friends["alice"] == .offline }
        #expect(bob.notices.contains(.friendOffline("alice")))
        bob.client.perform(.say(target: "alice", text: "while you were away", action: false))
        bob.client.perform(.say(target: "#tachikoma", text: "room line for later", action: false))
        try await bob.until("bob's lines confirmed") { $0.pendingCount == 0 }

        // Alice logs in again (SASL): the offline message and the room's history arrive.
        let back = Observed(ChatConfig(port: port, nick: "alice", password: "alice-secret"))
        back.client.start()
        let s = try await back.until("history and offline message") {
            $0.account == "alice" && $0.texts("bob").contains("while you were away")
                && $0.texts("#tachikoma").contains("room line for later")
        }
        #expect(s.texts("bob").filter { $0 == "while you were away" }.count == 1)
        #expect(s.buffers[s.bufferIndex("bob")!].unread >= 1)
        try await bob.until("alice back online") { $0.friends["alice"] == .online }
        #expect(bob.notices.contains(.friendOnline("alice")))

        // A wrong password is refused and said so; the client still gets in as a guest nick.
        let intruder = Observed(ChatConfig(port: port, nick: "carol", password: "nope"))
        intruder.client.start()
        let refused = try await intruder.until("login refused") { s in
            s.buffers[0].lines.contains { $0.text.hasPrefix("Login failed") }
        }
        #expect(refused.account == nil)
        await intruder.client.stop()
        await back.client.stop()
        await bob.client.stop()
    }
}
