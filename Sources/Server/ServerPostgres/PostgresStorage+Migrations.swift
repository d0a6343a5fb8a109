import Foundation
import Logging
import PostgresNIO
import SCRAMCrypto

/// The versioned schema. `schema_version` lists the versions applied; each migration runs in
/// one transaction together with its row there, under a transaction-scoped advisory lock, so
/// several servers starting on one database at once apply each version exactly once. A new
/// version is a new entry at the end, never an edit. Versions 1–4 mirror `SQLiteStorage`'s;
/// 5 (cluster) exists only here; 6 is SQLite's v5.
extension PostgresStorage {
    /// One schema step.
    struct Migration: Sendable {
        var version: Int
        var name: String
        var statements: [PostgresQuery]
    }

    /// Any key: the advisory lock only has to be the same for every server.
    static let migrationLockKey: Int64 = 0x7461_6368_696B_6F6D

    /// The migrations, in order (a fresh decoy secret made for version 2 each time it is listed).
    static func migrations() throws -> [Migration] {
        let secret = Data(ScramRandom.bytes(32))
        return try [
            Migration(version: 1, name: "accounts, messages, read markers", statements: [
                """
                CREATE TABLE account (folded text PRIMARY KEY, name text NOT NULL, password_hash text NOT NULL,
                                      created_at bigint NOT NULL)
                """,
                """
                CREATE TABLE message (id bigserial PRIMARY KEY, msgid text NOT NULL, time bigint NOT NULL,
                                      conversation text NOT NULL, pm_a text, pm_b text, source text NOT NULL, account text,
                                      target text NOT NULL, command text NOT NULL, text text NOT NULL)
                """,
                "CREATE INDEX message_by_msgid ON message (msgid)",
                "CREATE INDEX message_by_conversation ON message (conversation, time, id)",
                "CREATE INDEX message_by_pm_a ON message (pm_a, time)",
                "CREATE INDEX message_by_pm_b ON message (pm_b, time)",
                """
                CREATE TABLE read_marker (account text NOT NULL, target text NOT NULL, time bigint NOT NULL,
                                          PRIMARY KEY (account, target))
                """,
            ]),
            Migration(version: 2, name: "SCRAM-SHA-256 keys, server secret", statements: [
                // Accounts made before this have NULL keys until their next PLAIN login.
                """
                ALTER TABLE account ADD COLUMN scram_salt bytea, ADD COLUMN scram_iterations integer,
                                    ADD COLUMN scram_stored_key bytea, ADD COLUMN scram_server_key bytea
                """,
                "CREATE TABLE server_secret (name text PRIMARY KEY, value bytea NOT NULL)",
                "INSERT INTO server_secret (name, value) VALUES ('scram-decoy', \(secret))",
            ]),
            Migration(version: 3, name: "client-only tags of messages", statements: [
                // `+key=escaped value` pairs joined by `;`, as on the wire; empty for none.
                "ALTER TABLE message ADD COLUMN tags text NOT NULL DEFAULT ''",
            ]),
            Migration(version: 4, name: "draft/metadata-2 keys of accounts", statements: [
                """
                CREATE TABLE account_metadata (account text NOT NULL, key text NOT NULL, value text NOT NULL,
                                               PRIMARY KEY (account, key))
                """,
            ]),
            // PostgreSQL only (SQLite serves one server): the nodes of a cluster and the nicks
            // their users hold (see PostgresStorage+Cluster.swift).
            Migration(version: 5, name: "cluster nodes and nicks", statements: [
                "CREATE TABLE cluster_node (name text PRIMARY KEY, seen timestamptz NOT NULL)",
                "CREATE TABLE cluster_nick (folded text PRIMARY KEY, nick text NOT NULL, node text NOT NULL)",
                "CREATE INDEX cluster_nick_by_node ON cluster_nick (node)",
            ]),
            // SQLite's v5: channel messages (most of the history) have no participants, and
            // indexing their NULLs cost two index inserts per stored message for nothing.
            // `pm_a = $1` implies `pm_a IS NOT NULL`, so TARGETS still uses these.
            Migration(version: 6, name: "private-message indexes hold private messages only", statements: [
                "DROP INDEX message_by_pm_a",
                "CREATE INDEX message_by_pm_a ON message (pm_a, time) WHERE pm_a IS NOT NULL",
                "DROP INDEX message_by_pm_b",
                "CREATE INDEX message_by_pm_b ON message (pm_b, time) WHERE pm_b IS NOT NULL",
            ]),
        ]
    }

    /// Applies the migrations not yet applied, each in its own transaction.
    static func migrate(_ connections: PostgresConnections, upTo last: Int = .max) throws {
        let logger = connections.logger
        for migration in try migrations() where migration.version <= last {
            try connections.transaction { c in
                _ = try c.run("SELECT pg_advisory_xact_lock(\(migrationLockKey))", logger)
                _ = try c.run("""
                    CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL,
                                                               applied_at timestamptz NOT NULL DEFAULT now())
                    """, logger)
                let applied = try c.run("SELECT 1 FROM schema_version WHERE version = \(migration.version)", logger)
                guard applied.isEmpty else { return }
                for statement in migration.statements { _ = try c.run(statement, logger) }
                _ = try c.run("INSERT INTO schema_version (version, name) VALUES (\(migration.version), \(migration.name))", logger)
                logger.info("database migrated", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }
    }

    /// The versions applied, oldest first (tests, `status`).
    public func schemaVersions() throws -> [Int] {
        try connections.with { c in
            try c.run("SELECT version FROM schema_version ORDER BY version", logger).map { try $0.decode(Int.self) }
        }
    }
}
