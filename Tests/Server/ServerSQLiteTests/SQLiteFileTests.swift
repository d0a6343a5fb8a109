import Foundation
import GRDB
import SCRAMCrypto
import ServerCore
@testable import ServerSQLite
import Testing

/// What only a SQLite file has: the file itself edited or broken behind the server's back.
/// Storage behaviour is in StorageContractTests, run on both engines (the v1 → SCRAM
/// upgrade that was here is there now, unchanged, as `aVersionOneDatabaseGainsScramAtTheNextPlainLogin`).
@Suite struct SQLiteFileTests {
    static let hasher = PasswordHasher(logN: 10, scramIterations: 4096)

    func withFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tk-sqlite-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder.appendingPathComponent("server.sqlite").path)
    }

    @Test func aFileThatLostItsSecretIsRefused() throws {
        try withFolder { path in
            _ = try SQLiteStorage(path: path, hasher: Self.hasher)
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try db.execute(sql: "DELETE FROM server_secret") }
            try queue.close()
            #expect {
                try SQLiteStorage(path: path, hasher: Self.hasher)
            } throws: { error in
                "\(error)".contains("server_secret row 'scram-decoy' is missing")
            }
        }
    }

    @Test func aFileThatIsNotADatabaseIsAnErrorNotACrash() throws {
        try withFolder { path in
            try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
            #expect(throws: (any Error).self) { try SQLiteStorage(path: path, hasher: Self.hasher) }
        }
    }
}
