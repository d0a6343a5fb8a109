import Foundation
import IRCProtocol
import Logging
import ServerCore
import ServerNIO
import ServerSQLite

/// A real server on an ephemeral port over a real SQLite file in a fresh temporary folder.
/// `restart()` stops it and starts a new one on the same file (history must survive).
// @unchecked Sendable: each instance belongs to the one test that started it, which uses it
// from one task at a time (it only crosses into `withDatabaseServer`'s closure).
final class DatabaseServer: @unchecked Sendable {
    let folder: URL
    var path: String { folder.appendingPathComponent("server.sqlite").path }
    private(set) var server: IRCServer
    private(set) var storage: SQLiteStorage

    var port: Int { server.ports[0] }

    /// Cheaper scrypt and SCRAM costs (RFC 7677's floor) keep the tests quick; the formats
    /// and checks are the same.
    static let testHasher = PasswordHasher(logN: 10, scramIterations: 4096)

    private init(folder: URL, server: IRCServer, storage: SQLiteStorage) {
        self.folder = folder
        self.server = server
        self.storage = storage
    }

    /// Starts on a new file holding `accounts` (name, password), made before the server
    /// starts, as `tachikoma-server account add` would.
    static func start(accounts: [(String, String)] = [], retryDelays: [Double]? = nil) async throws -> DatabaseServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tachikoma-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let setup = try SQLiteStorage(path: folder.appendingPathComponent("server.sqlite").path, hasher: testHasher)
        for (name, password) in accounts { _ = try setup.addAccount(name, password: password) }
        let (server, storage) = try await launch(path: folder.appendingPathComponent("server.sqlite").path, retryDelays: retryDelays)
        let db = DatabaseServer(folder: folder, server: server, storage: storage)
        db.retryDelays = retryDelays
        return db
    }

    /// History write retry delays, when a test sets its own.
    private var retryDelays: [Double]?

    private static func launch(path: String, retryDelays: [Double]?) async throws -> (IRCServer, SQLiteStorage) {
        let storage = try SQLiteStorage(path: path, hasher: testHasher)
        var config = ServerConfig()
        config.serverName = "test.server"
        config.floodBurst = 400
        config.floodRate = 400
        config.maxConnectionsPerIP = 0
        if let retryDelays { config.historyRetryDelays = retryDelays }
        var logger = Logger(label: "tachikoma.test-db-server")
        logger.logLevel = .critical
        let server = try await IRCServer.start(config: config, listen: [(host: "127.0.0.1", port: 0)],
                                               makeStorage: { storage }, logger: logger)
        return (server, storage)
    }

    func restart() async throws {
        await server.shutdown(grace: .milliseconds(200))
        (server, storage) = try await Self.launch(path: path, retryDelays: retryDelays)
    }

    func stop() async {
        await server.shutdown(grace: .milliseconds(200))
        try? FileManager.default.removeItem(at: folder)
    }
}

extension TestClient {
    /// Base64 of `bytes` (for AUTHENTICATE).
    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Connects with CAP 302, logs in with SASL PLAIN and registers; returns the burst.
    @discardableResult
    func login(_ nick: String, account: String? = nil, password: String, caps: [String] = []) throws -> [IRCMessage] {
        self.nick = nick
        send("CAP LS 302")
        send("NICK \(nick)")
        send("USER u 0 * :Real")
        send("CAP REQ :" + (["sasl"] + caps).joined(separator: " "))
        try expect("CAP")
        let ack = try expect("CAP")
        guard ack.parameters[1] == "ACK" else { throw TestClientError(description: "caps refused: \(ack)") }
        send("AUTHENTICATE PLAIN")
        _ = try expect("AUTHENTICATE")
        send("AUTHENTICATE " + Self.base64(Array("\0\(account ?? nick)\0\(password)".utf8)))
        let result = try read(until: { ["903", "904"].contains($0.command) })
        guard result.last?.command == "903" else { throw TestClientError(description: "login failed: \(transcript.suffix(4))") }
        send("CAP END")
        return result + (try read(until: { $0.command == "376" || $0.command == "422" }))
    }
}

/// Runs `body` against a fresh database server and always stops it (and deletes its folder).
func withDatabaseServer(accounts: [(String, String)] = [], retryDelays: [Double]? = nil,
                        _ body: (DatabaseServer) async throws -> Void) async throws {
    let db = try await DatabaseServer.start(accounts: accounts, retryDelays: retryDelays)
    do {
        try await body(db)
    } catch {
        await db.stop()
        throw error
    }
    await db.stop()
}
