import ChatCore
import ChatNIO
import Foundation
import GRDB
import Testing

/// "Remember me" without the password, against real servers: our server's executable with
/// its SQLite database, and Debian's ngIRCd (no SASL at all).
@Suite struct RememberedKeysTests {
    static func learnt(_ notices: [ChatNotice]) -> ScramClientKeys? {
        notices.lazy.compactMap { if case .scramKeysLearned(let k) = $0 { k } else { nil } }.first
    }

    static func askedForPassword(_ notices: [ChatNotice]) -> Bool {
        notices.contains { if case .passwordNeeded = $0 { true } else { false } }
    }

    @Test func registerLearnsTheKeysAndTheKeysAloneLogIn() async throws {
        let port = try Ports.free()
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try ServerProcess.tachikoma(port: port, directory: dir)
        defer { server.kill() }
        try await Ports.waitListening(port)

        // Register while remembering: the client logs in again with SCRAM at once and reports the keys.
        var config = ChatConfig(port: port, nick: "motoko", password: "major-kusanagi", registerAccount: true)
        config.learnScramKeys = true
        let maker = Observed(config)
        maker.client.start()
        let made = try await maker.until("registered, then logged in with SCRAM") {
            $0.account == "motoko" && $0.phase == .online && $0.loginMechanism == "SCRAM-SHA-256"
        }
        #expect(made.nick == "motoko")
        let keys = try #require(Self.learnt(maker.notices))
        #expect(maker.notices.contains(.accountRegistered("motoko")))
        #expect(keys.iterations >= 4096 && keys.clientKey.count == 32 && keys.serverKey.count == 32)
        await maker.client.stop()

        // The keys alone (no password) log in with SCRAM, and learn nothing new.
        var keyed = ChatConfig(port: port, nick: "motoko")
        keyed.scramKeys = keys
        let back = Observed(keyed)
        back.client.start()
        let s = try await back.until("logged in from the keys") { $0.account == "motoko" && $0.phase == .online }
        #expect(s.loginMechanism == "SCRAM-SHA-256")
        #expect(Self.learnt(back.notices) == nil && !Self.askedForPassword(back.notices))
        await back.client.stop()

        // Damaged keys (one bit of ClientKey): refused, the password is asked, nothing weaker tried.
        var damaged = keys
        damaged.clientKey[5] ^= 0x10
        keyed.scramKeys = damaged
        let bad = Observed(keyed)
        bad.client.start()
        let stopped = try await bad.until("asked for the password") {
            $0.phase == .disconnected(reconnecting: false) && $0.buffers[0].lines.contains { $0.text.hasPrefix("Password needed") }
        }
        #expect(stopped.account == nil && Self.askedForPassword(bad.notices))
        await bad.client.stop()

        // The account is made again (new salt): the saved keys no longer fit; the password is asked.
        let file = try DatabaseQueue(path: dir.appendingPathComponent("db.sqlite").path)
        try await file.write { sql in
            try sql.execute(sql: "UPDATE account SET scram_salt = randomblob(16)")
        }
        keyed.scramKeys = keys
        let stale = Observed(keyed)
        stale.client.start()
        try await stale.until("asked for the password after the salt changed") { $0.phase == .disconnected(reconnecting: false) }
        #expect(Self.askedForPassword(stale.notices) && stale.notices.allSatisfy { if case .registered = $0 { false } else { true } })
        await stale.client.stop()
    }

    @Test func aServerWithoutSaslAsksForThePassword() async throws {
        let port = try Ports.free()
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try ServerProcess.ngircd(port: port, directory: dir)
        defer { server.kill() }
        try await Ports.waitListening(port)
        var keyed = ChatConfig(port: port, nick: "batou")
        keyed.scramKeys = ScramClientKeys(salt: Array(repeating: 7, count: 16), iterations: 4096,
                                          clientKey: Array(repeating: 1, count: 32), serverKey: Array(repeating: 2, count: 32))
        let o = Observed(keyed)
        o.client.start()
        let s = try await o.until("asked for the password") { $0.phase == .disconnected(reconnecting: false) && $0.account == nil }
        #expect(Self.askedForPassword(o.notices))
        #expect(s.buffers[0].lines.contains { $0.text.hasPrefix("Password needed: this server offers no") })
        await o.client.stop()
    }
}
