import Foundation
import GRDB
import SCRAM
import SCRAMCrypto
import ServerCore
@testable import ServerSQLite
import Testing

/// A database made before SCRAM (schema v1 only, as an older server left it) upgraded in
/// place: its accounts keep PLAIN, have no SCRAM keys until a PLAIN login, then have them.
@Suite struct ScramMigrationTests {
    static let hasher = PasswordHasher(logN: 10, scramIterations: 4096)

    /// One SCRAM exchange through `perform`, as the core drives it; returns the verdict and
    /// whether the server signature checked out on the client side.
    func scram(_ storage: SQLiteStorage, _ name: String, _ password: String) throws -> (StorageAnswer, Bool) {
        var client = ScramClient(username: name, password: password)
        guard case .scramChallenge(let salt, let iterations, let serverNonce) = try storage.perform(.scramChallenge(account: name))
        else { throw ScramError.malformed }
        let serverFirst = ServerFirstMessage(nonce: client.first.nonce + serverNonce, salt: salt, iterations: iterations)
        let final = try ClientFinalMessage(parsing: client.respond(to: serverFirst.text))
        let authMessage = try final.authMessage(clientFirst: client.first, serverFirst: serverFirst)
        let answer = try storage.perform(.scramVerify(account: name, authMessage: authMessage, proof: final.proof))
        guard case .scramVerified(_, let signature) = answer else { return (answer, false) }
        return (answer, client.verify(ServerFinalMessage.verifier(signature).text))
    }

    @Test func aVersionOneDatabaseGainsScramAtTheNextPlainLogin() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tk-scram-mig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path

        // The file an older server left: only v1 applied, one account with a scrypt hash.
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteStorage.migrator.migrate(queue, upTo: "v1: accounts, messages, read markers")
            let hash = try Self.hasher.hash("laughing-man")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO account (folded, name, password_hash, created_at) VALUES ('aoi', 'Aoi', ?, 0)",
                               arguments: [hash])
            }
            #expect(try queue.read { db in try db.columns(in: "account").map(\.name) }.contains("scram_salt") == false)
        }

        let storage = try SQLiteStorage(path: path, hasher: Self.hasher)
        #expect(try storage.accountNames() == ["aoi"])
        // No keys yet: the challenge is the decoy one, the proof fails like a wrong password.
        guard case .scramChallenge(let salt, _, _) = try storage.perform(.scramChallenge(account: "aoi")) else {
            Issue.record("no challenge")
            return
        }
        #expect(salt == storage.decoyKeys("aoi").salt)
        #expect(try scram(storage, "aoi", "laughing-man").0 == .refused(reason: "password"))
        // A wrong PLAIN password makes no keys; the right one does.
        #expect(try storage.perform(.login(account: "aoi", password: "crying-man")) == .refused(reason: "password"))
        #expect(try storage.scramKeys("aoi") == nil)
        #expect(try storage.perform(.login(account: "aoi", password: "laughing-man")) == .loggedIn(account: "Aoi"))
        let keys = try #require(try storage.scramKeys("aoi"))
        #expect(keys.iterations == 4096 && keys.salt.count == 16 && keys.storedKey.count == 32 && keys.serverKey.count == 32)
        let (answer, serverProved) = try scram(storage, "aoi", "laughing-man")
        guard case .scramVerified(let account, _) = answer else {
            Issue.record("SCRAM refused after the PLAIN login: \(answer)")
            return
        }
        #expect(account == "Aoi")
        #expect(serverProved)
        #expect(try scram(storage, "aoi", "crying-man").0 == .refused(reason: "password"))
        // Neither the password nor SaltedPassword is stored anywhere in the row.
        let salted = try ScramKeys.saltedPassword("laughing-man", salt: keys.salt, iterations: keys.iterations)
        let row = try #require(try storage.pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM account WHERE folded = 'aoi'") })
        for (_, value) in row {
            let bytes = Data.fromDatabaseValue(value) ?? Data()
            #expect(bytes != Data(salted))
            #expect(bytes.range(of: Data("laughing-man".utf8)) == nil)
        }
    }
}
