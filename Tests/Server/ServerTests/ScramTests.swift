import Foundation
import GRDB
import IRCProtocol
import SCRAM
import SCRAMCrypto
import ServerSQLite
import TerminalHarness
import Testing

/// SASL SCRAM-SHA-256 over real TCP against the real server and a real SQLite file, with a
/// client-side SCRAM written in the tests (`ScramClient`, checked against RFC 7677's vector).
@Suite struct ScramTests {
    @Test func loginProvesBothSidesAndAdvertisesTheMechanism() async throws {
        try await withDatabaseServer(accounts: [("Kusanagi", "s3ction-9")]) { db in
            let c = try TestClient(port: db.port)
            c.send("CAP LS 302")
            let ls = try c.expect("CAP")
            #expect(ls.parameters.last!.split(separator: " ").contains("sasl=PLAIN,SCRAM-SHA-256"))
            c.send("NICK Kusanagi")
            c.send("USER k 0 * :Major")
            c.send("CAP REQ sasl")
            try c.expect("CAP")
            c.send("AUTHENTICATE DIGEST-MD5")
            #expect(try c.expect("908").parameters[1] == "PLAIN,SCRAM-SHA-256")
            try c.expect("904")

            // The user name is matched like a nick (case-insensitively).
            var scram = ScramClient(username: "KUSANAGI", password: "s3ction-9")
            let serverFirst = try c.scramStart(scram)
            let challenge = try ServerFirstMessage(parsing: serverFirst)
            #expect(challenge.iterations == 4096)
            #expect(challenge.salt.count == 16)
            #expect(challenge.nonce.hasPrefix(scram.first.nonce))
            #expect(challenge.nonce.count >= scram.first.nonce.count + 24)
            c.sendSASL(try scram.respond(to: serverFirst))
            let serverFinal = try c.readSASL()
            #expect(serverFinal.hasPrefix("v="))
            #expect(scram.verify(serverFinal))
            c.send("AUTHENTICATE +")
            let done = try c.read(until: { ["903", "904"].contains($0.command) })
            #expect(done.first { $0.command == "900" }?.parameters[2] == "Kusanagi")
            #expect(done.last?.command == "903")
            c.send("CAP END")
            try c.expect("001")
            c.send("AUTHENTICATE SCRAM-SHA-256")
            try c.expect("907")

            // Another login: same salt, a fresh server nonce.
            let d = try TestClient(port: db.port)
            try d.negotiateSASL()
            let again = try ServerFirstMessage(parsing: d.scramStart(ScramClient(username: "Kusanagi", password: "x")))
            #expect(again.salt == challenge.salt)
            #expect(again.nonce.dropFirst(24) != challenge.nonce.dropFirst(24))
        }
    }

    @Test func hostileExchangesFailWithTheRightNumericAndKeepTheConnection() async throws {
        try await withDatabaseServer(accounts: [("Batou", "gorilla-arm"), ("Togusa", "mateba-357")]) { db in
            let c = try TestClient(port: db.port)
            try c.negotiateSASL()
            func failure(_ clientFinal: (inout ScramClient, String) throws -> String) throws -> IRCMessage {
                var scram = ScramClient(username: "Batou", password: "gorilla-arm")
                let serverFirst = try c.scramStart(scram)
                c.sendSASL(try clientFinal(&scram, serverFirst))
                return try c.read(until: { ["AUTHENTICATE", "904", "905", "906"].contains($0.command) }).last!
            }
            func firstFailure(_ clientFirst: String) throws -> IRCMessage {
                c.send("AUTHENTICATE SCRAM-SHA-256")
                try c.expect("AUTHENTICATE")
                c.sendSASL(clientFirst)
                return try c.read(until: { ["AUTHENTICATE", "904", "905", "906"].contains($0.command) }).last!
            }

            // Wrong password.
            #expect(try c.scramLogin("Batou", password: "gorilla-leg") == ("904", false))
            // A proof with one bit flipped.
            #expect(try failure { scram, first in
                let good = try ClientFinalMessage(parsing: scram.respond(to: first))
                var proof = good.proof
                proof[5] ^= 0x01
                return ClientFinalMessage(gs2Header: "n,,", nonce: good.nonce, proof: proof).text
            }.command == "904")
            // A nonce that is not the combined one: the client's alone, or another server part.
            #expect(try failure { scram, first in
                let good = try ClientFinalMessage(parsing: scram.respond(to: first))
                return ClientFinalMessage(gs2Header: "n,,", nonce: scram.first.nonce, proof: good.proof).text
            }.command == "904")
            #expect(try failure { scram, first in
                let good = try ClientFinalMessage(parsing: scram.respond(to: first))
                return ClientFinalMessage(gs2Header: "n,,", nonce: scram.first.nonce + "forged", proof: good.proof).text
            }.command == "904")
            // A proof of the wrong length, and channel-binding data that is not our header.
            #expect(try failure { scram, first in
                let nonce = try ServerFirstMessage(parsing: first).nonce
                return "c=biws,r=\(nonce),p=" + ScramBase64.encode([UInt8](repeating: 1, count: 31))
            }.command == "904")
            #expect(try failure { scram, first in
                let good = try ClientFinalMessage(parsing: scram.respond(to: first))
                return "c=eSws,r=\(good.nonce),p=" + ScramBase64.encode(good.proof)
            }.command == "904")
            // base64 garbage as client-final.
            _ = try c.scramStart(ScramClient(username: "Batou", password: "gorilla-arm"))
            c.send("AUTHENTICATE !!!!garbage")
            try c.expect("904")

            // client-first refusals: channel binding, another authzid, a mandatory extension,
            // a bad escape, a missing nonce.
            let binding = try firstFailure("p=tls-unique,,n=Batou,r=abcdef")
            #expect(binding.command == "904")
            #expect(binding.parameters.last!.contains("channel binding"))
            #expect(try firstFailure("n,a=Togusa,n=Batou,r=abcdef").command == "904")
            #expect(try firstFailure("n,,m=must-know,n=Batou,r=abcdef").command == "904")
            #expect(try firstFailure("n,,n=Ba=2Xtou,r=abcdef").command == "904")
            #expect(try firstFailure("n,,n=Batou").command == "904")

            // Abort after server-first; over-long chunk; over-long message.
            _ = try c.scramStart(ScramClient(username: "Batou", password: "gorilla-arm"))
            c.send("AUTHENTICATE *")
            try c.expect("906")
            c.send("AUTHENTICATE SCRAM-SHA-256")
            try c.expect("AUTHENTICATE")
            c.send("AUTHENTICATE " + String(repeating: "A", count: 401))
            try c.expect("905")
            c.send("AUTHENTICATE SCRAM-SHA-256")
            try c.expect("AUTHENTICATE")
            for _ in 0..<5 { c.send("AUTHENTICATE " + String(repeating: "A", count: 400)) }
            try c.expect("905")

            // Anything but the empty message after server-final fails; no login happens.
            var scram = ScramClient(username: "Batou", password: "gorilla-arm")
            c.sendSASL(try scram.respond(to: c.scramStart(scram)))
            #expect(scram.verify(try c.readSASL()))
            c.sendSASL("v=trailing")
            let refused = try c.read(until: { ["900", "903", "904"].contains($0.command) })
            #expect(refused.map(\.command) == ["904"])

            // Still connected, and a client-first spread over two chunks (a 400-byte nonce)
            // logs in.
            var long = ScramClient(username: "Batou", password: "gorilla-arm", nonce: String(repeating: "n", count: 400))
            let serverFirst = try c.scramStart(long)
            c.sendSASL(try long.respond(to: serverFirst))
            #expect(long.verify(try c.readSASL()))
            c.send("AUTHENTICATE +")
            #expect(try c.read(until: { ["903", "904"].contains($0.command) }).last?.command == "903")
            c.send("NICK Batou")
            c.send("USER b 0 * :B")
            c.send("CAP END")
            try c.expect("001")
        }
    }

    @Test func unknownAndKeylessAccountsLookLikeWrongPasswords() async throws {
        try await withDatabaseServer(accounts: [("Ishikawa", "hack-the-net")]) { db in
            func challenge(_ name: String) throws -> (ServerFirstMessage, String) {
                let c = try TestClient(port: db.port)
                try c.negotiateSASL()
                var scram = ScramClient(username: name, password: "hack-the-net")
                let first = try c.scramStart(scram)
                c.sendSASL(try scram.respond(to: first))
                let end = try c.read(until: { ["AUTHENTICATE", "904"].contains($0.command) }).last!
                c.send("PING still-here")
                #expect(try c.expect("PONG").parameters.last == "still-here")
                return (try ServerFirstMessage(parsing: first), end.command)
            }
            let (real, realEnd) = try challenge("Ishikawa")
            #expect(realEnd == "AUTHENTICATE")
            let (ghost, ghostEnd) = try challenge("Nobody")
            #expect(ghostEnd == "904")
            // The made-up challenge has the real one's shape, and stays the same for a name
            // (across a restart too), so asking twice does not give it away.
            #expect(ghost.salt.count == real.salt.count)
            #expect(ghost.iterations == real.iterations)
            #expect(try challenge("Nobody").0.salt == ghost.salt)
            #expect(try challenge("Somebody").0.salt != ghost.salt)
            try await db.restart()
            #expect(try challenge("nobody").0.salt == ghost.salt)

            // An account from before the SCRAM migration (keys empty): SCRAM fails like a
            // wrong password until a PLAIN login computes its keys.
            let file = try DatabaseQueue(path: db.path)
            try await file.write { sql in
                try sql.execute(sql: """
                    UPDATE account SET scram_salt = NULL, scram_iterations = NULL, scram_stored_key = NULL, scram_server_key = NULL
                    WHERE folded = 'ishikawa'
                    """)
            }
            let (keyless, keylessEnd) = try challenge("Ishikawa")
            #expect(keylessEnd == "904")
            #expect(keyless.salt != real.salt)
            #expect(keyless.iterations == real.iterations)
            let plain = try TestClient(port: db.port)
            try plain.login("Ishikawa", password: "hack-the-net")
            let keys = try await file.read { sql in
                try Int.fetchOne(sql, sql: "SELECT count(*) FROM account WHERE scram_stored_key IS NOT NULL AND folded = 'ishikawa'")
            }
            #expect(keys == 1)
            let c = try TestClient(port: db.port)
            try c.negotiateSASL()
            #expect(try c.scramLogin("Ishikawa", password: "hack-the-net") == ("903", true))
        }
    }

    @Test func accountsFromTheShellLogInWithScram() async throws {
        try await withDatabaseServer { db in
            func shell(_ action: String, _ password: String) throws -> Int32 {
                let input = db.folder.appendingPathComponent("password")
                try (password + "\n").write(to: input, atomically: true, encoding: .utf8)
                return try Spawn.run([serverBinary().path, "account", action, "Aramaki", "--db", db.path], stdinPath: input.path).status
            }
            #expect(try shell("add", "old-monkey") == 0)
            let c = try TestClient(port: db.port)
            try c.negotiateSASL()
            var scram = ScramClient(username: "Aramaki", password: "old-monkey")
            let serverFirst = try c.scramStart(scram)
            #expect(try ServerFirstMessage(parsing: serverFirst).iterations == PasswordHasher.defaultScramIterations)
            c.sendSASL(try scram.respond(to: serverFirst))
            #expect(scram.verify(try c.readSASL()))
            c.send("AUTHENTICATE +")
            #expect(try c.read(until: { ["903", "904"].contains($0.command) }).last?.command == "903")

            // `account passwd` replaces the SCRAM keys with the password.
            #expect(try shell("passwd", "new-monkey") == 0)
            let d = try TestClient(port: db.port)
            try d.negotiateSASL()
            #expect(try d.scramLogin("Aramaki", password: "old-monkey").numeric == "904")
            #expect(try d.scramLogin("Aramaki", password: "new-monkey") == ("903", true))
        }
    }
}
