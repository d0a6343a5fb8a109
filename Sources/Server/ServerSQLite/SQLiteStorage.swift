import Foundation
import GRDB
import IRCProtocol
import SCRAMCrypto
import ServerCore
import ServerStorageEngine

/// The server's storage in one SQLite file through GRDB: accounts, history, read markers.
///
/// A `DatabasePool` in WAL mode: one writer at a time (GRDB serializes writes) and readers
/// beside it, so a CHATHISTORY read never waits for a write. `synchronous = NORMAL` makes
/// each committed transaction survive a crash of the process (`kill -9`); only a power
/// cut can lose the last commits. The schema is created and upgraded on open by versioned
/// migrations. Every statement is a constant SQL text with `?` arguments.
public final class SQLiteStorage: StorageEngine {
    // Sendable: `pool` is GRDB's thread-safe DatabasePool; the other fields are immutable values.
    let pool: DatabasePool
    public let caseMapping: CaseMapping
    public let hasher: PasswordHasher
    /// A random secret made by the migration that added SCRAM; keys the decoy salts of
    /// unknown accounts (see `ScramKeys.decoy`) so they stay the same across restarts.
    public let decoySecret: [UInt8]

    /// Opens (creating if needed) and migrates the database at `path`.
    public init(path: String, caseMapping: CaseMapping = .rfc1459, hasher: PasswordHasher = PasswordHasher()) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        self.caseMapping = caseMapping
        self.hasher = hasher
        try Self.migrator.migrate(pool)
        let secret = try pool.read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM server_secret WHERE name = 'scram-decoy'").map { Array($0) }
        }
        // An empty secret would make decoy salts computable by anyone (and unknown names
        // detectable): a file that lost its row is refused, not served.
        guard let secret, !secret.isEmpty else { throw SQLiteStorageError.missingSecret(path) }
        decoySecret = secret
    }

    /// The versioned schema; a new version is a new registered migration, never an edit.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts, messages, read markers") { db in
            try db.create(table: "account") { t in
                t.column("folded", .text).primaryKey()
                t.column("name", .text).notNull()
                t.column("password_hash", .text).notNull()
                t.column("created_at", .integer).notNull()
            }
            try db.create(table: "message") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("msgid", .text).notNull().indexed()
                t.column("time", .integer).notNull()
                t.column("conversation", .text).notNull()
                t.column("pm_a", .text)
                t.column("pm_b", .text)
                t.column("source", .text).notNull()
                t.column("account", .text)
                t.column("target", .text).notNull()
                t.column("command", .text).notNull()
                t.column("text", .text).notNull()
            }
            try db.create(index: "message_by_conversation", on: "message", columns: ["conversation", "time", "id"])
            try db.create(index: "message_by_pm_a", on: "message", columns: ["pm_a", "time"])
            try db.create(index: "message_by_pm_b", on: "message", columns: ["pm_b", "time"])
            try db.create(table: "read_marker") { t in
                t.column("account", .text).notNull()
                t.column("target", .text).notNull()
                t.column("time", .integer).notNull()
                t.primaryKey(["account", "target"])
            }
        }
        migrator.registerMigration("v2: SCRAM-SHA-256 keys, server secret") { db in
            // Accounts made before this have NULL keys until their next PLAIN login.
            try db.alter(table: "account") { t in
                t.add(column: "scram_salt", .blob)
                t.add(column: "scram_iterations", .integer)
                t.add(column: "scram_stored_key", .blob)
                t.add(column: "scram_server_key", .blob)
            }
            try db.create(table: "server_secret") { t in
                t.column("name", .text).primaryKey()
                t.column("value", .blob).notNull()
            }
            try db.execute(sql: "INSERT INTO server_secret (name, value) VALUES ('scram-decoy', ?)",
                           arguments: [Data(ScramRandom.bytes(32))])
        }
        migrator.registerMigration("v3 (history): client-only tags of messages") { db in
            // `+key=escaped value` pairs joined by `;`, as on the wire; empty for none.
            try db.alter(table: "message") { t in
                t.add(column: "tags", .text).notNull().defaults(to: "")
            }
        }
        migrator.registerMigration("v4: draft/metadata-2 keys of accounts") { db in
            try db.create(table: "account_metadata") { t in
                t.column("account", .text).notNull()
                t.column("key", .text).notNull()
                t.column("value", .text).notNull()
                t.primaryKey(["account", "key"])
            }
        }
        migrator.registerMigration("v5: private-message indexes hold private messages only") { db in
            // Channel messages have no participants (pm_a, pm_b NULL) and are most of the
            // history: indexing their NULLs cost two B-tree inserts per stored message for
            // nothing. `pm_a = ?` implies `pm_a IS NOT NULL`, so TARGETS still uses these.
            for column in ["pm_a", "pm_b"] {
                try db.execute(sql: "DROP INDEX message_by_\(column)")
                try db.execute(sql: "CREATE INDEX message_by_\(column) ON message (\(column), time) WHERE \(column) IS NOT NULL")
            }
        }
        migrator.registerMigration("v6: message ids without AUTOINCREMENT") { db in
            // No message is ever deleted, so the largest id is never freed and a plain
            // INTEGER PRIMARY KEY (max + 1) hands out the same increasing ids; AUTOINCREMENT
            // only added a write to sqlite_sequence for every insert (8.7 % of the
            // instructions per stored row, callgrind, BENCHMARKS.md 2026-12-07). The table is
            // rebuilt (SQLite cannot drop the keyword), keeping every row and its id.
            try db.execute(sql: """
                CREATE TABLE message_v6 (
                    id INTEGER PRIMARY KEY NOT NULL, msgid TEXT NOT NULL, time INTEGER NOT NULL,
                    conversation TEXT NOT NULL, pm_a TEXT, pm_b TEXT, source TEXT NOT NULL, account TEXT,
                    target TEXT NOT NULL, command TEXT NOT NULL, text TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '');
                INSERT INTO message_v6 (id, msgid, time, conversation, pm_a, pm_b, source, account, target, command, text, tags)
                    SELECT id, msgid, time, conversation, pm_a, pm_b, source, account, target, command, text, tags FROM message;
                DROP TABLE message;
                ALTER TABLE message_v6 RENAME TO message;
                CREATE INDEX message_on_msgid ON message (msgid);
                CREATE INDEX message_by_conversation ON message (conversation, time, id);
                CREATE INDEX message_by_pm_a ON message (pm_a, time) WHERE pm_a IS NOT NULL;
                CREATE INDEX message_by_pm_b ON message (pm_b, time) WHERE pm_b IS NOT NULL;
                DELETE FROM sqlite_sequence WHERE name = 'message';
                """)
        }
        return migrator
    }

    /// Accounts and history.
    public var features: StorageFeatures { StorageFeatures(accounts: true, history: true) }

    /// Folded names of every account.
    public func accountNames() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT folded FROM account") }
    }

    /// The stored read marker, in milliseconds.
    public func readMarker(account: String, target: String) throws -> Int64? {
        try pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT time FROM read_marker WHERE account = ? AND target = ?", arguments: [account, target])
        }
    }

    /// Stores the later of the stored marker and `time`; returns what is stored.
    public func raiseReadMarker(account: String, target: String, to time: Int64) throws -> Int64? {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO read_marker (account, target, time) VALUES (?, ?, ?)
                ON CONFLICT (account, target) DO UPDATE SET time = max(time, excluded.time)
                """, arguments: [account, target, time])
            return try Int64.fetchOne(db, sql: "SELECT time FROM read_marker WHERE account = ? AND target = ?",
                                      arguments: [account, target])
        }
    }

    /// Every metadata key of `account`.
    public func metadata(account: String) throws -> [String: String] {
        try pool.read { db in try Self.metadata(db, account) }
    }

    /// Replaces every metadata key of `account` in one transaction.
    public func replaceMetadata(account: String, with values: [String: String]) throws -> [String: String] {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM account_metadata WHERE account = ?", arguments: [account])
            for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO account_metadata (account, key, value) VALUES (?, ?, ?)",
                               arguments: [account, key, value])
            }
            return try Self.metadata(db, account)
        }
    }

    /// One machine is a network of its own: clusters need PostgreSQL.
    public func claimNick(_ folded: String, nick: String, node: String, releasing: String?) throws -> Bool {
        throw SQLiteClusterUnsupported()
    }

    private static func metadata(_ db: Database, _ account: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM account_metadata WHERE account = ?", arguments: [account]) {
            out[row["key"]] = row["value"]
        }
        return out
    }

    /// Stores `entries` in one transaction.
    public func append(_ entries: [HistoryEntry]) throws {
        try pool.write { db in
            var writer = try HistoryRowWriter(db)
            for e in entries { try writer.insert(e) }
        }
    }

    // MARK: Accounts

    /// An account's name, password hash, and whether it has no SCRAM keys yet.
    public func passwordRow(_ folded: String) throws -> PasswordRow? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT name, password_hash, scram_stored_key IS NULL AS keyless FROM account WHERE folded = ?",
                             arguments: [folded])
        }.map { PasswordRow(name: $0["name"], hash: $0["password_hash"], keyless: $0["keyless"]) }
    }

    /// An account's name as registered.
    public func accountName(_ folded: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT name FROM account WHERE folded = ?", arguments: [folded]) }
    }

    /// Inserts an account; false if the folded name is taken.
    public func insertAccount(_ account: NewPassword, name: String, createdAt: Int64) throws -> Bool {
        let keys = account.keys
        return try pool.write { db in
            try db.execute(sql: """
                INSERT INTO account (folded, name, password_hash, created_at,
                                     scram_salt, scram_iterations, scram_stored_key, scram_server_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (folded) DO NOTHING
                """, arguments: [account.folded, name, account.hash, createdAt,
                                 Data(keys.salt), keys.iterations, Data(keys.storedKey), Data(keys.serverKey)])
            return db.changesCount == 1
        }
    }

    /// Replaces an account's password and keys; false if there is no such account.
    public func updatePassword(_ account: NewPassword) throws -> Bool {
        let keys = account.keys
        return try pool.write { db in
            try db.execute(sql: """
                UPDATE account SET password_hash = ?, scram_salt = ?, scram_iterations = ?, scram_stored_key = ?, scram_server_key = ?
                WHERE folded = ?
                """, arguments: [account.hash, Data(keys.salt), keys.iterations, Data(keys.storedKey), Data(keys.serverKey),
                                 account.folded])
            return db.changesCount == 1
        }
    }

    /// Deletes an account and its read markers (its messages stay in the history of others).
    public func deleteAccount(_ name: String) throws -> Bool {
        let folded = caseMapping.fold(name)
        return try pool.write { db in
            try db.execute(sql: "DELETE FROM account WHERE folded = ?", arguments: [folded])
            let deleted = db.changesCount == 1
            try db.execute(sql: "DELETE FROM read_marker WHERE account = ?", arguments: [folded])
            return deleted
        }
    }

    /// Number of accounts (metrics, status).
    public func accountCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM account") ?? 0 }
    }

    /// Number of stored messages.
    public func messageCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM message") ?? 0 }
    }
}

/// Why the database cannot be served.
public enum SQLiteStorageError: Error, CustomStringConvertible {
    /// The SCRAM decoy secret row is missing or empty (the file was edited by hand?).
    case missingSecret(String)

    public var description: String {
        switch self {
        case .missingSecret(let path): return "\(path): the server_secret row 'scram-decoy' is missing or empty"
        }
    }
}

/// A cluster request reached SQLite (the server refuses `--node` without PostgreSQL).
struct SQLiteClusterUnsupported: Error, CustomStringConvertible {
    var description: String { "SQLite serves one server; a cluster of nodes needs PostgreSQL" }
}
