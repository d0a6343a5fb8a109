import Foundation
import IRCProtocol
import SCRAMCrypto
import ServerCore
@testable import ServerPostgres
@testable import ServerSQLite
import TerminalHarness
import Testing

/// What the contract tests need of a storage engine beyond `ServerStorage`: the operator's
/// account commands, counts, and closing.
protocol ContractStorage: ServerStorage {
    func addAccount(_ name: String, password: String) throws -> Bool
    func setPassword(_ name: String, password: String) throws -> Bool
    func deleteAccount(_ name: String) throws -> Bool
    func accountCount() throws -> Int
    func messageCount() throws -> Int
    func decoyKeys(_ folded: String) -> ScramKeys
    func scramKeys(_ folded: String) throws -> ScramKeys?
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
