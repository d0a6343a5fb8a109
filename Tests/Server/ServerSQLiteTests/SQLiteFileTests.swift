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

    /// Schema v6 rebuilds the message table without AUTOINCREMENT: a database from before
    /// it (v5) keeps every message, column for column, under the same id; the indexes are
    /// the same; new messages get the next ids; and no insert writes `sqlite_sequence` any more.
    @Test func aVersionFiveDatabaseKeepsItsMessagesAndIdsWithoutAutoincrement() throws {
        try withFolder { path in
            let old = try DatabaseQueue(path: path)
            try SQLiteStorage.migrator.migrate(old, upTo: "v5: private-message indexes hold private messages only")
            try old.write { db in
                for i in 1...5 {
                    try db.execute(sql: """
                        INSERT INTO message (msgid, time, conversation, pm_a, pm_b, source, account, target, command, text, tags)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: ["m\(i)", 1000 + i, i == 3 ? "aoi batou" : "#chan", i == 3 ? "aoi" : nil, i == 3 ? "batou" : nil,
                                        "aoi!a@h", i % 2 == 0 ? "Aoi" : nil, i == 3 ? "batou" : "#chan", "PRIVMSG", "text \(i)",
                                        i == 4 ? "+draft/react=x" : ""])
                }
            }
            let rowsBefore = try old.read { db in try Row.fetchAll(db, sql: "SELECT * FROM message ORDER BY id") }
            let indexesBefore = try old.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'message' AND sql IS NOT NULL ORDER BY name")
            }
            #expect(rowsBefore.map { $0["id"] as Int64 } == [1, 2, 3, 4, 5])
            #expect(try old.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'message'") }?
                .contains("AUTOINCREMENT") == true)
            try old.close()

            do {
                let storage = try SQLiteStorage(path: path, hasher: Self.hasher)
                try storage.append((6...7).map {
                    HistoryEntry(msgid: "m\($0)", time: ServerInstant(milliseconds: Int64(1000 + $0)), source: "batou!b@h",
                                 target: "#chan", command: "PRIVMSG", text: "text \($0)", conversation: "#chan")
                })
            }

            let new = try DatabaseQueue(path: path)
            defer { try? new.close() }
            try new.read { db in
                let schema = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'message'") ?? ""
                #expect(!schema.uppercased().contains("AUTOINCREMENT"), "\(schema)")
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM message ORDER BY id")
                #expect(Array(rows.prefix(5)) == rowsBefore)
                #expect(rows.map { $0["id"] as Int64 } == [1, 2, 3, 4, 5, 6, 7])
                #expect(rows.map { $0["msgid"] as String } == (1...7).map { "m\($0)" })
                let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'message' AND sql IS NOT NULL ORDER BY name")
                #expect(indexes == indexesBefore)
                #expect(indexes == ["message_by_conversation", "message_by_pm_a", "message_by_pm_b", "message_on_msgid"])
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_sequence WHERE name = 'message'") == 0)
                // The participant indexes are still partial: the channel messages are not in them.
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM message INDEXED BY message_by_pm_a WHERE pm_a IS NOT NULL") == 1)
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
