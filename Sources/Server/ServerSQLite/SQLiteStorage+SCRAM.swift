import Foundation
import GRDB
import SCRAMCrypto
import ServerCore

/// SCRAM-SHA-256 on the storage side: each account's salt, iteration count, StoredKey and
/// ServerKey (never the password nor SaltedPassword), made when the password is set.
///
/// Accounts made before the v2 migration have no keys: they get them at their next
/// successful PLAIN login (`StorageEngine.login`). Until then, and for names that do not
/// exist, the challenge carries decoy keys derived from a server secret, and the proof
/// check fails as for a wrong password.
extension SQLiteStorage {
    /// The account's SCRAM keys, or `nil` if it does not exist or has none yet.
    public func scramKeys(_ folded: String) throws -> ScramKeys? {
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

    /// Stores SCRAM keys for an account that has none (after a PLAIN login proved its password).
    public func fillScramKeys(_ folded: String, _ keys: ScramKeys) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE account SET scram_salt = ?, scram_iterations = ?, scram_stored_key = ?, scram_server_key = ?
                WHERE folded = ? AND scram_stored_key IS NULL
                """, arguments: [Data(keys.salt), keys.iterations, Data(keys.storedKey), Data(keys.serverKey), folded])
        }
    }
}
