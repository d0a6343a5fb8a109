import Foundation
import GRDB
import IRCProtocol
import Logging
import SCRAMCrypto
import ServerCore
@testable import ServerPostgres
@testable import ServerSQLite
import ServerStorageEngine
import TerminalHarness
import Testing

/// What the contract tests need of a storage engine beyond `StorageEngine`: counts.
protocol ContractStorage: StorageEngine {
    func accountCount() throws -> Int
    func messageCount() throws -> Int
}

extension SQLiteStorage: ContractStorage {}
extension PostgresStorage: ContractStorage {}

/// The engines the contract runs against; each test gets a fresh, empty database of its own.
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// Every engine, for `@Test(arguments:)`.
    static let all = allCases

    var testDescription: String { rawValue }

    /// A cheap hasher: the contract is about storage, not scrypt's cost.
    static let hasher = PasswordHasher(logN: 10, scramIterations: 4096)

    /// A new empty database; `reopen` opens it again (a server restart).
    func makeDatabase() throws -> Database {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tk-contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return Database(engine: self, location: folder.appendingPathComponent("server.sqlite").path, folder: folder.path)
        case .postgres:
            return Database(engine: self, location: try PostgresCluster.running().makeDatabase().url, folder: nil)
        }
    }

    /// A database as an older server left it: schema version 1 only (no SCRAM columns), one
    /// account `folded`/`name` with a scrypt `hash`. Returns it and whether the v2 columns
    /// were absent.
    func makeVersionOneDatabase(folded: String, name: String, hash: String) throws -> (Database, Bool) {
        let db = try makeDatabase()
        switch self {
        case .sqlite:
            let queue = try DatabaseQueue(path: db.location)
            try SQLiteStorage.migrator.migrate(queue, upTo: "v1: accounts, messages, read markers")
            try queue.write { d in
                try d.execute(sql: "INSERT INTO account (folded, name, password_hash, created_at) VALUES (?, ?, ?, 0)",
                              arguments: [folded, name, hash])
            }
            let old = try queue.read { d in try d.columns(in: "account").map(\.name) }.contains("scram_salt") == false
            try queue.close()
            return (db, old)
        case .postgres:
            let connections = PostgresConnections(url: try PostgresURL(db.location), logger: Logger(label: "test"))
            try PostgresStorage.migrate(connections, upTo: 1)
            connections.close()
            let cluster = try PostgresCluster.running()
            try cluster.psql(db.name, "INSERT INTO account (folded, name, password_hash, created_at) VALUES ('\(folded)', '\(name)', '\(hash)', 0)")
            let old = try cluster.psql(db.name, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'scram_salt'") == "0"
            return (db, old)
        }
    }

    /// One test's database: its path or URL.
    struct Database: Sendable {
        let engine: Engine
        let location: String
        let folder: String?

        /// Opens (and migrates) the database.
        func open(caseMapping: CaseMapping = .rfc1459) throws -> any ContractStorage {
            switch engine {
            case .sqlite: return try SQLiteStorage(path: location, caseMapping: caseMapping, hasher: Engine.hasher)
            case .postgres: return try PostgresStorage(url: PostgresURL(location), caseMapping: caseMapping, hasher: Engine.hasher)
            }
        }

        /// The database name in the URL (PostgreSQL).
        var name: String { String(location.split(separator: "/").last ?? "") }

        /// Every value of the account row `folded`, as bytes (bytea and blob columns as
        /// their bytes, the others as their text).
        func accountRow(_ folded: String) throws -> [Data] {
            switch engine {
            case .sqlite:
                let queue = try DatabaseQueue(path: location)
                defer { try? queue.close() }
                let row = try queue.read { d in try Row.fetchOne(d, sql: "SELECT * FROM account WHERE folded = ?", arguments: [folded]) }
                return (row.map { Array($0) } ?? []).map { Data.fromDatabaseValue($0.1) ?? Data() }
            case .postgres:
                let columns = try PostgresCluster.running().psql(name, """
                    SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_name = 'account'
                    """).split(separator: "\n").map { $0.split(separator: ":").map(String.init) }
                let select = columns.map { $0[1] == "bytea" ? "encode(\($0[0]), 'hex')" : "\($0[0])::text" }.joined(separator: ", ")
                let values = try PostgresCluster.running().psql(name, "SELECT \(select) FROM account WHERE folded = '\(folded)'")
                    .split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                return zip(columns, values).map { column, value in
                    column[1] == "bytea" ? Data(hex: value) : Data(value.utf8)
                }
            }
        }

        /// The participant indexes (CHATHISTORY TARGETS' lookups by account).
        static let participantIndexes = ["message_by_pm_a", "message_by_pm_b"]

        /// How many entries each participant index holds, counted from the index's own pages
        /// (SQLite's `dbstat`, PostgreSQL's `pgstattuple`), not from the table.
        func participantIndexEntries() throws -> [Int] {
            switch engine {
            case .sqlite:
                let queue = try DatabaseQueue(path: location)
                defer { try? queue.close() }
                return try queue.read { d in
                    try Self.participantIndexes.map { index in
                        try Int.fetchOne(d, sql: "SELECT coalesce(sum(ncell), -1) FROM dbstat WHERE name = ?", arguments: [index]) ?? -1
                    }
                }
            case .postgres:
                let cluster = try PostgresCluster.running()
                _ = try cluster.psql(name, "CREATE EXTENSION IF NOT EXISTS pgstattuple")
                return try Self.participantIndexes.map { index in
                    Int(try cluster.psql(name, "SELECT tuple_count FROM pgstattuple('\(index)')")) ?? -1
                }
            }
        }

        /// The plan for a lookup shaped as TARGETS' (`pm_a = x OR pm_b = x`), one line per step
        /// (PostgreSQL's with sequential scans priced out, so that a usable index is chosen
        /// on a table this small).
        func participantLookupPlan() throws -> String {
            let where_ = "pm_a = 'aoi' OR pm_b = 'aoi'"
            switch engine {
            case .sqlite:
                let queue = try DatabaseQueue(path: location)
                defer { try? queue.close() }
                return try queue.read { d in
                    try Row.fetchAll(d, sql: "EXPLAIN QUERY PLAN SELECT time FROM message WHERE \(where_)")
                        .map { $0["detail"] as String }.joined(separator: "\n")
                }
            case .postgres:
                return try PostgresCluster.running().psql(name, "SET enable_seqscan = off; EXPLAIN SELECT time FROM message WHERE \(where_)")
            }
        }

        /// Closes what `open` gave (PostgreSQL connections; SQLite closes on release).
        func close(_ storage: any ContractStorage) {
            (storage as? PostgresStorage)?.close()
        }

        /// Removes the SQLite folder (PostgreSQL databases go with the cluster).
        func remove() {
            if let folder { try? FileManager.default.removeItem(atPath: folder) }
        }
    }
}

extension Data {
    /// Bytes from lowercase hex (psql's `encode(…, 'hex')`).
    init(hex: String) {
        var bytes: [UInt8] = []
        var chars = hex.makeIterator()
        while let a = chars.next(), let b = chars.next(), let byte = UInt8(String([a, b]), radix: 16) { bytes.append(byte) }
        self.init(bytes)
    }
}
