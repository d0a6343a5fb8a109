import Foundation
import IRCProtocol
import Logging
import PostgresNIO
import SCRAMCrypto
import ServerCore
import ServerStorageEngine

/// The server's storage in a PostgreSQL database through postgres-nio: the same accounts,
/// SCRAM keys, history, read markers and metadata as `SQLiteStorage`, with the same answers.
///
/// Every call blocks its (storage-queue) thread on a connection of `PostgresConnections`;
/// each write is one transaction, so a committed message is on the database server's disk
/// before the core relays it. The schema is created and upgraded on open by versioned
/// migrations (`PostgresStorage+Migrations.swift`). Every statement is a constant SQL text
/// with bound `$n` arguments. A database that goes away makes calls throw (the core answers
/// them as failures) until it comes back; the server keeps running.
public final class PostgresStorage: StorageEngine {
    // Sendable: `connections` is Sendable (a lock and a semaphore guard its state); the other
    // fields are immutable values.
    let connections: PostgresConnections
    public let caseMapping: CaseMapping
    public let hasher: PasswordHasher
    let logger: Logger
    /// A random secret made by the migration that added SCRAM; keys the decoy salts of
    /// unknown accounts (see `ScramKeys.decoy`) so they stay the same across restarts and
    /// across every server using the database.
    public let decoySecret: [UInt8]

    /// Connects to `url` and migrates its schema; throws `PostgresStorageError` with the
    /// reason (unreachable, refused login, failed migration) when it cannot.
    public init(url: PostgresURL, caseMapping: CaseMapping = .rfc1459, hasher: PasswordHasher = PasswordHasher(),
                logger: Logger = Logger(label: "tachikoma.postgres")) throws {
        connections = PostgresConnections(url: url, logger: logger)
        self.caseMapping = caseMapping
        self.hasher = hasher
        self.logger = logger
        do {
            try Self.migrate(connections)
            let secret = try connections.with { c in
                try c.run("SELECT value FROM server_secret WHERE name = 'scram-decoy'", logger).first
                    .map { try $0.decode(Data.self) }
            }
            // An empty secret would make decoy salts computable by anyone (and unknown
            // names detectable): a database that lost its row is refused, not served.
            guard let secret, !secret.isEmpty else { throw PostgresStorageError.missingSecret(url.description) }
            decoySecret = Array(secret)
        } catch let error as PostgresStorageError {
            connections.close()
            throw error
        } catch {
            connections.close()
            throw PostgresStorageError.failed(url.description, PostgresStorageError.explain(error))
        }
    }

    /// Closes the connections.
    public func close() {
        connections.close()
    }

    /// Accounts and history.
    public var features: StorageFeatures { StorageFeatures(accounts: true, history: true) }

    /// Folded names of every account.
    public func accountNames() throws -> [String] {
        try connections.with { c in try c.run("SELECT folded FROM account", logger).map { try $0.decode(String.self) } }
    }

    /// The stored read marker, in milliseconds.
    public func readMarker(account: String, target: String) throws -> Int64? {
        try connections.with { c in
            try c.run("SELECT time FROM read_marker WHERE account = \(account) AND target = \(target)", logger).first
                .map { try $0.decode(Int64.self) }
        }
    }

    /// Stores the later of the stored marker and `time` in one statement; returns what is stored.
    public func raiseReadMarker(account: String, target: String, to time: Int64) throws -> Int64? {
        try connections.with { c in
            try c.run("""
                INSERT INTO read_marker (account, target, time) VALUES (\(account), \(target), \(time))
                ON CONFLICT (account, target) DO UPDATE SET time = GREATEST(read_marker.time, excluded.time)
                RETURNING time
                """, logger).first.map { try $0.decode(Int64.self) }
        }
    }

    /// Every metadata key of `account`.
    public func metadata(account: String) throws -> [String: String] {
        try connections.with { c in try metadata(c, account) }
    }

    /// Replaces every metadata key of `account` in one transaction.
    public func replaceMetadata(account: String, with values: [String: String]) throws -> [String: String] {
        try connections.transaction { c in
            _ = try c.run("DELETE FROM account_metadata WHERE account = \(account)", logger)
            for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                _ = try c.run("INSERT INTO account_metadata (account, key, value) VALUES (\(account), \(key), \(value))", logger)
            }
            return try metadata(c, account)
        }
    }

    private func metadata(_ c: PostgresConnection, _ account: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try c.run("SELECT key, value FROM account_metadata WHERE account = \(account)", logger) {
            let (key, value) = try row.decode((String, String).self)
            out[key] = value
        }
        return out
    }

    /// Stores `entries` in one transaction.
    public func append(_ entries: [HistoryEntry]) throws {
        guard !entries.isEmpty else { return }
        try connections.transaction { c in try insert(entries, c) }
    }

    /// Inserts history rows inside the caller's transaction.
    func insert(_ entries: [HistoryEntry], _ c: PostgresConnection) throws {
        for e in entries {
            let pair = e.conversation.split(separator: " ", maxSplits: 1).map(String.init)
            let a: String? = pair.count == 2 ? pair[0] : nil
            let b: String? = pair.count == 2 ? pair[1] : nil
            _ = try c.run("""
                INSERT INTO message (msgid, time, conversation, pm_a, pm_b, source, account, target, command, text, tags)
                VALUES (\(e.msgid), \(e.time.milliseconds), \(e.conversation), \(a), \(b), \(e.source), \(e.account),
                        \(e.target), \(e.command), \(e.text), \(HistoryTags.wire(e.clientTags)))
                """, logger)
        }
    }

    // MARK: Accounts

    /// An account's name, password hash, and whether it has no SCRAM keys yet.
    public func passwordRow(_ folded: String) throws -> PasswordRow? {
        try connections.with { c in
            try c.run("""
                SELECT name, password_hash, scram_stored_key IS NULL AS keyless FROM account WHERE folded = \(folded)
                """, logger).first.map { try $0.decode((String, String, Bool).self) }
        }.map { PasswordRow(name: $0.0, hash: $0.1, keyless: $0.2) }
    }

    /// An account's name as registered.
    public func accountName(_ folded: String) throws -> String? {
        try connections.with { c in
            try c.run("SELECT name FROM account WHERE folded = \(folded)", logger).first.map { try $0.decode(String.self) }
        }
    }

    /// Inserts an account; false if the folded name is taken.
    public func insertAccount(_ account: NewPassword, name: String, createdAt: Int64) throws -> Bool {
        let keys = account.keys
        return try connections.with { c in
            try c.run("""
                INSERT INTO account (folded, name, password_hash, created_at,
                                     scram_salt, scram_iterations, scram_stored_key, scram_server_key)
                VALUES (\(account.folded), \(name), \(account.hash), \(createdAt), \(Data(keys.salt)), \(keys.iterations),
                        \(Data(keys.storedKey)), \(Data(keys.serverKey)))
                ON CONFLICT (folded) DO NOTHING
                RETURNING folded
                """, logger).count == 1
        }
    }

    /// Replaces an account's password and keys; false if there is no such account.
    public func updatePassword(_ account: NewPassword) throws -> Bool {
        let keys = account.keys
        return try connections.with { c in
            try c.run("""
                UPDATE account SET password_hash = \(account.hash), scram_salt = \(Data(keys.salt)),
                                   scram_iterations = \(keys.iterations), scram_stored_key = \(Data(keys.storedKey)),
                                   scram_server_key = \(Data(keys.serverKey))
                WHERE folded = \(account.folded)
                RETURNING folded
                """, logger).count == 1
        }
    }

    /// Deletes an account and its read markers (its messages stay in the history of others).
    public func deleteAccount(_ name: String) throws -> Bool {
        let folded = caseMapping.fold(name)
        return try connections.transaction { c in
            let deleted = try c.run("DELETE FROM account WHERE folded = \(folded) RETURNING folded", logger).count == 1
            _ = try c.run("DELETE FROM read_marker WHERE account = \(folded)", logger)
            return deleted
        }
    }

    /// Number of accounts (metrics, status).
    public func accountCount() throws -> Int {
        try connections.with { c in try c.run("SELECT count(*) FROM account", logger).first.map { try $0.decode(Int.self) } ?? 0 }
    }

    /// Number of stored messages.
    public func messageCount() throws -> Int {
        try connections.with { c in try c.run("SELECT count(*) FROM message", logger).first.map { try $0.decode(Int.self) } ?? 0 }
    }
}

/// Why the PostgreSQL database cannot be served.
public enum PostgresStorageError: Error, CustomStringConvertible {
    /// No connection: the server is down, the address is wrong, or it refused the login.
    case unreachable(String, String)
    /// Connected, but a statement (a migration, the secret's read) failed.
    case failed(String, String)
    /// The SCRAM decoy secret row is missing or empty (edited by hand?).
    case missingSecret(String)

    /// The message for the operator: the URL (never its password) and the reason.
    public var description: String {
        switch self {
        case .unreachable(let url, let why): return "cannot connect to \(url): \(why)"
        case .failed(let url, let why): return "\(url): \(why)"
        case .missingSecret(let url): return "\(url): the server_secret row 'scram-decoy' is missing or empty"
        }
    }

    /// A readable reason: postgres-nio's `PSQLError` hides its details from `description`
    /// (they may hold query text), so the server's message and SQLSTATE are read out here.
    static func explain(_ error: any Error) -> String {
        if let e = error as? PostgresStorageError { return e.description }
        guard let e = error as? PSQLError else { return "\(error)" }
        if let info = e.serverInfo, let message = info[.message] {
            return message + (info[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if let underlying = e.underlying { return "\(e.code): \(underlying)" }
        return "\(e.code)"
    }
}
