import ArgumentParser
import Foundation
import IRCProtocol
import Logging
import ServerConfigTOML
import ServerCore
import ServerPostgres
import ServerSQLite
import ServerStorageEngine
import UserDirectories

extension ServerCommand {
    /// `$XDG_DATA_HOME/tachikoma/server.sqlite`, or `~/.local/share/tachikoma/server.sqlite`.
    static var defaultDatabasePath: String {
        UserDirectories(environment: ProcessInfo.processInfo.environment).tachikomaData + "/server.sqlite"
    }

    /// Opens the database (creating its folder and migrating it), or none for `none`; a
    /// `postgres://` URL opens PostgreSQL instead of a SQLite file.
    static func openStorage(_ path: String?, caseMapping: CaseMapping, logger: Logger) throws -> any ServerStorage {
        if path == "none" { return EphemeralStorage() }
        if let path, PostgresURL.looksLikeURL(path) {
            let url = try postgresURL(path)
            do {
                let storage = try PostgresStorage(url: url, caseMapping: caseMapping, logger: logger)
                logger.info("database open", metadata: ["url": "\(url)"])
                return storage
            } catch {
                throw ValidationError("cannot open database: \(error)")
            }
        }
        let file = path ?? defaultDatabasePath
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let storage = try SQLiteStorage(path: file, caseMapping: caseMapping)
            logger.info("database open", metadata: ["path": "\(file)"])
            return storage
        } catch {
            throw ValidationError("cannot open database \(file): \(error)")
        }
    }

    /// The cluster link when `--node` (or `[server] node`) is given: only with PostgreSQL.
    static func clusterBus(_ settings: ServerSettings) throws -> PostgresClusterBus? {
        guard let node = settings.config.node else { return nil }
        guard PostgresClusterBus.isValidNodeName(node) else {
            throw ValidationError("--node: '\(node)' is not a node name (1–32 letters, digits, - or _)")
        }
        guard let path = settings.databasePath, PostgresURL.looksLikeURL(path) else {
            throw ValidationError("--node needs a PostgreSQL database (--db postgres://…): the nodes of a cluster share it")
        }
        return PostgresClusterBus(node: node, url: try postgresURL(path), logger: Logger(label: "tachikoma.cluster"))
    }

    /// Reads a `--db` URL, turning a malformed one into a usage error.
    static func postgresURL(_ text: String) throws -> PostgresURL {
        do {
            return try PostgresURL(text)
        } catch let error as PostgresURLError {
            throw ValidationError(error.description)
        }
    }
}

extension ServerCommand {
    /// Opens the database `account` administers: a SQLite file (created if needed) or PostgreSQL.
    static func openAdministration(_ path: String) throws -> any StorageEngine {
        if PostgresURL.looksLikeURL(path) {
            do {
                return try PostgresStorage(url: try postgresURL(path))
            } catch let error as PostgresStorageError {
                throw ValidationError("cannot open database: \(error)")
            }
        }
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        return try SQLiteStorage(path: path)
    }
}

/// `tachikoma-server account add|passwd|del NAME`: account administration for operators.
/// The password is read from standard input (one line), never from the command line.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Add an account, change its password or delete it (password from stdin).",
        discussion: """
            The database is the server's: give the same --db PATH or URL (before or after 'account') or none \
            for the default. A running server notices new and deleted accounts within 30 seconds.
            """
    )

    @Argument(help: "add, passwd or del.")
    var action: String

    @Argument(help: "The account name (also its protected nick).")
    var name: String

    /// `--db PATH` wherever it stands: the parent command owns the option, so a
    /// subcommand cannot declare it again, and it must never be silently ignored.
    static func databaseArgument(_ arguments: [String]) -> String? {
        for (i, a) in arguments.enumerated() {
            if a == "--db", i + 1 < arguments.count { return arguments[i + 1] }
            if a.hasPrefix("--db=") { return String(a.dropFirst(5)) }
        }
        return nil
    }

    func run() throws {
        guard ["add", "passwd", "del"].contains(action) else {
            throw ValidationError("unknown action '\(action)': use add, passwd or del")
        }
        guard IRCNames.isValidNickname(name, maxLength: 30) else {
            throw ValidationError("'\(name)' is not a valid account name (it must be a valid nick)")
        }
        let path = Self.databaseArgument(CommandLine.arguments) ?? ServerCommand.defaultDatabasePath
        guard path != "none" else { throw ValidationError("accounts need a database, not --db none") }
        let storage = try ServerCommand.openAdministration(path)
        switch action {
        case "del":
            guard try storage.deleteAccount(name) else { throw ValidationError("no account named \(name)") }
            print("deleted account \(name)")
        default:
            // Up to 1 KB: any password a client can log in with (SASL PLAIN takes 1600 base64
            // characters here, SCRAM never sends it).
            guard let password = readLine(strippingNewline: true), password.utf8.count >= 6, password.utf8.count <= 1024 else {
                throw ValidationError("give the password (6 to 1024 bytes) on standard input")
            }
            if action == "add" {
                guard try storage.addAccount(name, password: password) else { throw ValidationError("account \(name) exists") }
                print("added account \(name)")
            } else {
                guard try storage.setPassword(name, password: password) else { throw ValidationError("no account named \(name)") }
                print("changed the password of \(name)")
            }
        }
    }
}
