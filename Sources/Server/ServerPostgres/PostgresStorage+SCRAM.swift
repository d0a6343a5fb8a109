import Foundation
import PostgresNIO
import SCRAMCrypto
import ServerCore

/// SCRAM-SHA-256 on the storage side, as in `SQLiteStorage+SCRAM`: each account's salt,
/// iteration count, StoredKey and ServerKey (never the password nor SaltedPassword). Names
/// that do not exist, and accounts without keys yet, get decoy keys from the server secret.
extension PostgresStorage {
    /// The account's SCRAM keys, or `nil` if it does not exist or has none yet.
    public func scramKeys(_ folded: String) throws -> ScramKeys? {
        let row = try connections.with { c in
            try c.run("""
                SELECT scram_salt, scram_iterations, scram_stored_key, scram_server_key FROM account
                WHERE folded = \(folded) AND scram_stored_key IS NOT NULL
                """, logger).first.map { try $0.decode((Data?, Int?, Data?, Data?).self) }
        }
        guard let row, let salt = row.0, let iterations = row.1, let stored = row.2, let server = row.3 else { return nil }
        return ScramKeys(salt: Array(salt), iterations: iterations, storedKey: Array(stored), serverKey: Array(server))
    }

    /// Stores SCRAM keys for an account that has none (after a PLAIN login proved its password).
    public func fillScramKeys(_ folded: String, _ keys: ScramKeys) throws {
        try connections.with { c in
            _ = try c.run("""
                UPDATE account SET scram_salt = \(Data(keys.salt)), scram_iterations = \(keys.iterations),
                                   scram_stored_key = \(Data(keys.storedKey)), scram_server_key = \(Data(keys.serverKey))
                WHERE folded = \(folded) AND scram_stored_key IS NULL
                """, logger)
        }
    }
}
