import Foundation
import GRDB
import SCRAMCrypto
import ServerCore

/// SCRAM-SHA-256 on the storage side: each account's salt, iteration count, StoredKey and
/// ServerKey (never the password nor SaltedPassword), made when the password is set.
///
/// Accounts made before the v2 migration have no keys: they get them at their next
/// successful PLAIN login, the one moment the server sees the password. Until then, and
/// for names that do not exist, the challenge carries decoy keys derived from a server
/// secret, and the proof check fails as for a wrong password.
extension SQLiteStorage {
    /// The account's SCRAM keys, or `nil` if it does not exist or has none yet.
    func scramKeys(_ folded: String) throws -> ScramKeys? {
        let row = try pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT scram_salt, scram_iterations, scram_stored_key, scram_server_key FROM account
                WHERE folded = ? AND scram_stored_key IS NOT NULL
                """, arguments: [folded])
        }
        guard let row, let salt: Data = row["scram_salt"], let iterations: Int = row["scram_iterations"],
              let stored: Data = row["scram_stored_key"], let server: Data = row["scram_server_key"] else { return nil }
        return ScramKeys(salt: Array(salt), iterations: iterations, storedKey: Array(stored), serverKey: Array(server))
    }

    /// Keys no password opens, stable for `folded` (see `ScramKeys.decoy`).
    func decoyKeys(_ folded: String) -> ScramKeys {
        ScramKeys.decoy(for: folded, secret: decoySecret, iterations: hasher.scramIterations)
    }

    /// Checks a client proof; the decoy stands in for a missing account so both fail alike.
    func scramVerify(_ folded: String, authMessage: String, proof: [UInt8]) throws -> StorageAnswer {
        let real = try scramKeys(folded)
        guard let signature = ScramKeys.verify(stored: real, decoy: decoyKeys(folded), proof: proof, authMessage: authMessage),
              let name = try pool.read({ db in try String.fetchOne(db, sql: "SELECT name FROM account WHERE folded = ?", arguments: [folded]) })
        else { return .refused(reason: "password") }
        return .scramVerified(account: name, serverSignature: signature)
    }

    /// Stores SCRAM keys for an account that has none (after a PLAIN login proved `password`).
    func addScramKeys(_ folded: String, password: String) throws {
        let keys = try hasher.scramKeys(password)
        try pool.write { db in
            try db.execute(sql: """
                UPDATE account SET scram_salt = ?, scram_iterations = ?, scram_stored_key = ?, scram_server_key = ?
                WHERE folded = ? AND scram_stored_key IS NULL
                """, arguments: [Data(keys.salt), keys.iterations, Data(keys.storedKey), Data(keys.serverKey), folded])
        }
    }
}
