import ChatCore
import ChatNIO
import Foundation
import GRDB
import Testing

/// Our chat client logs in to our server's executable with SCRAM-SHA-256, and with PLAIN
/// once for an account whose SCRAM keys are missing (made before the server stored them).
@Suite struct ScramLoginTests {
    @Test func clientPrefersScramAndHelpsOldAccountsToIt() async throws {
        let port = try Ports.free()
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try ServerProcess.tachikoma(port: port, directory: dir)
        defer { server.kill() }
        try await Ports.waitListening(port)

        let maker = Observed(ChatConfig(port: port, nick: "kusanagi", password: "public-security", registerAccount: true))
        maker.client.start()
        try await maker.until("account registered") { $0.account == "kusanagi" }
        await maker.client.stop()

        let scram = Observed(ChatConfig(port: port, nick: "kusanagi", password: "public-security"))
        scram.client.start()
        let logged = try await scram.until("logged in") { $0.account == "kusanagi" && $0.phase == .online }
        #expect(logged.loginMechanism == "SCRAM-SHA-256")
        await scram.client.stop()

        // As if the account predated the SCRAM migration.
        let file = try DatabaseQueue(path: dir.appendingPathComponent("db.sqlite").path)
        try await file.write { sql in
            try sql.execute(sql: """
                UPDATE account SET scram_salt = NULL, scram_iterations = NULL, scram_stored_key = NULL, scram_server_key = NULL
                """)
        }
        let old = Observed(ChatConfig(port: port, nick: "kusanagi", password: "public-security"))
        old.client.start()
        let fellBack = try await old.until("logged in with PLAIN") { $0.account == "kusanagi" && $0.phase == .online }
        #expect(fellBack.loginMechanism == "PLAIN")
        await old.client.stop()

        let again = Observed(ChatConfig(port: port, nick: "kusanagi", password: "public-security"))
        again.client.start()
        #expect(try await again.until("logged in") { $0.account == "kusanagi" && $0.phase == .online }.loginMechanism == "SCRAM-SHA-256")

        // A wrong password fails both ways and leaves the client a guest.
        let wrong = Observed(ChatConfig(port: port, nick: "batou", password: "public-security"))
        wrong.client.start()
        let refused = try await wrong.until("login refused") { s in s.buffers[0].lines.contains { $0.text.hasPrefix("Login failed") } }
        #expect(refused.account == nil && refused.loginMechanism == nil)
        await wrong.client.stop()
        await again.client.stop()
    }
}
