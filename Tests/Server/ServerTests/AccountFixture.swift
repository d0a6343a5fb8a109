import Foundation
import IRCProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import SCRAMCrypto
import ServerCore
import ServerNIO
import ServerPostgres
import ServerSQLite
import ServerStorageEngine
import TerminalHarness
import Testing

/// The storage engines a server-level test can run on (`@Test(arguments: Engine.all)`):
/// a SQLite file, or a database of the tests' private PostgreSQL cluster.
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// Every engine.
    static let all = allCases

    var testDescription: String { rawValue }
}

/// What the fixture needs of either engine besides `ServerStorage`.
protocol FixtureStorage: ServerStorage {
    /// Creates an account; false if the name is taken.
    func addAccount(_ name: String, password: String) throws -> Bool
}

extension SQLiteStorage: FixtureStorage {}
extension PostgresStorage: FixtureStorage {}

/// A real server on an ephemeral port over a real SQLite file in a fresh temporary folder, or
/// a fresh PostgreSQL database. `restart()` stops it and starts a new one on the same
/// database (history must survive).
// @unchecked Sendable: each instance belongs to the one test that started it, which uses it
// from one task at a time (it only crosses into `withDatabaseServer`'s closure).
final class DatabaseServer: @unchecked Sendable {
    let folder: URL
    /// The SQLite file (SQLite only; tests that edit the file behind the server use it).
    var path: String { folder.appendingPathComponent("server.sqlite").path }
    let engine: Engine
    /// The file path or the PostgreSQL URL.
    let location: String
    private(set) var server: IRCServer
    private(set) var storage: any FixtureStorage
    /// What the server logged (info and above), one line per entry with its metadata.
    let log: LogCapture

    var port: Int { server.ports[0] }

    /// Cheaper scrypt and SCRAM costs (RFC 7677's floor) keep the tests quick; the formats
    /// and checks are the same.
    static let testHasher = PasswordHasher(logN: 10, scramIterations: 4096)

    private init(folder: URL, engine: Engine, location: String, server: IRCServer, storage: any FixtureStorage, log: LogCapture) {
        self.folder = folder
        self.engine = engine
        self.location = location
        self.server = server
        self.storage = storage
        self.log = log
    }

    /// Starts on a new file holding `accounts` (name, password), made before the server
    /// starts, as `tachikoma-server account add` would.
    /// `configure` adjusts the config; `wrap` puts a storage of the test's own around the
    /// SQLite one (a slow or gated storage, for the ordering tests).
    static func start(engine: Engine = .sqlite, accounts: [(String, String)] = [], retryDelays: [Double]? = nil,
                      configure: @escaping @Sendable (inout ServerConfig) -> Void = { _ in },
                      wrap: @escaping @Sendable (any ServerStorage) -> any ServerStorage = { $0 }) async throws -> DatabaseServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tachikoma-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let location = switch engine {
        case .sqlite: folder.appendingPathComponent("server.sqlite").path
        case .postgres: try PostgresCluster.running().makeDatabase().url
        }
        do {
            let setup = try open(engine, location)
            for (name, password) in accounts { _ = try setup.addAccount(name, password: password) }
        }
        let log = LogCapture()
        let (server, storage) = try await launch(engine: engine, location: location, retryDelays: retryDelays,
                                                 configure: configure, wrap: wrap, log: log)
        let db = DatabaseServer(folder: folder, engine: engine, location: location, server: server, storage: storage, log: log)
        db.retryDelays = retryDelays
        db.configure = configure
        db.wrap = wrap
        return db
    }

    /// History write retry delays, when a test sets its own.
    private var retryDelays: [Double]?
    private var configure: @Sendable (inout ServerConfig) -> Void = { _ in }
    private var wrap: @Sendable (any ServerStorage) -> any ServerStorage = { $0 }

    /// Opens (and migrates) the storage at `location` with the test hasher.
    private static func open(_ engine: Engine, _ location: String) throws -> any FixtureStorage {
        switch engine {
        case .sqlite: return try SQLiteStorage(path: location, hasher: testHasher)
        case .postgres: return try PostgresStorage(url: PostgresURL(location), hasher: testHasher)
        }
    }

    private static func launch(engine: Engine, location: String, retryDelays: [Double]?,
                               configure: @Sendable (inout ServerConfig) -> Void,
                               wrap: @escaping @Sendable (any ServerStorage) -> any ServerStorage,
                               log: LogCapture) async throws -> (IRCServer, any FixtureStorage) {
        let storage = try open(engine, location)
        var config = ServerConfig()
        config.serverName = "test.server"
        config.floodBurst = 400
        config.floodRate = 400
        config.maxConnectionsPerIP = 0
        if let retryDelays { config.historyRetryDelays = retryDelays }
        configure(&config)
        let logger = Logger(label: "tachikoma.test-db-server") { _ in CapturingLogHandler(capture: log) }
        let server = try await IRCServer.start(config: config, listen: [(host: "127.0.0.1", port: 0)],
                                               makeStorage: { wrap(storage) }, logger: logger)
        return (server, storage)
    }

    func restart() async throws {
        await server.shutdown(grace: .milliseconds(200))
        (server, storage) = try await Self.launch(engine: engine, location: location, retryDelays: retryDelays, configure: configure,
                                                  wrap: wrap, log: log)
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
func withDatabaseServer(engine: Engine = .sqlite, accounts: [(String, String)] = [], retryDelays: [Double]? = nil,
                        configure: @escaping @Sendable (inout ServerConfig) -> Void = { _ in },
                        wrap: @escaping @Sendable (any ServerStorage) -> any ServerStorage = { $0 },
                        _ body: (DatabaseServer) async throws -> Void) async throws {
    let db = try await DatabaseServer.start(engine: engine, accounts: accounts, retryDelays: retryDelays, configure: configure,
                                            wrap: wrap)
    do {
        try await body(db)
    } catch {
        await db.stop()
        throw error
    }
    await db.stop()
}

/// Lines a server logged, kept for a test to read (nothing is printed).
final class LogCapture: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    var all: [String] { lines.withLockedValue { $0 } }
    func append(_ line: String) { lines.withLockedValue { $0.append(line) } }
}

/// A swift-log handler that writes into a `LogCapture` (info and above).
struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        capture.append("\(level) \(message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }
}
