import ArgumentParser
import Dispatch
import Foundation
import Logging
import ServerConfigTOML
import ServerCore
import ServerNIO
import ServerSQLite

/// `tachikoma-server`: the Tachikoma IRC server, in the foreground until SIGTERM or SIGINT.
@main
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tachikoma-server",
        abstract: "The Tachikoma chat server (IRC with IRCv3).",
        discussion: "Flags override the TOML file given with --config.",
        version: "0.1.0",
        subcommands: [AccountCommand.self, StatusCommand.self]
    )

    @Option(name: .long, help: ArgumentHelp("Address to listen on (repeatable).", valueName: "HOST:PORT"))
    var listen: [String] = []

    @Option(name: .long, help: ArgumentHelp("Server name used as the source of server messages.", valueName: "SERVERNAME"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp(
        "Database file for accounts and history (default: $XDG_DATA_HOME/tachikoma/server.sqlite; 'none': keep nothing).",
        valueName: "PATH"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Serve Prometheus metrics at http://HOST:PORT/metrics (keep it on loopback).",
                                            valueName: "HOST:PORT"))
    var metrics: String?

    @Option(name: .long, help: ArgumentHelp("TOML configuration file.", valueName: "FILE"))
    var config: String?

    func run() async throws {
        var settings = ServerSettings()
        if let path = config {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read config file \(path)")
            }
            do {
                settings = try ServerSettings(toml: text)
            } catch {
                throw ValidationError("\(path): \(error.description)")
            }
        }
        if let name { settings.config.serverName = name }
        if let db { settings.databasePath = db }
        do {
            if !listen.isEmpty { settings.listen = try listen.map { s throws(ConfigError) in try ListenAddress(parsing: s) } }
        } catch {
            throw ValidationError("--listen: \(error.description)")
        }
        if settings.listen.isEmpty { settings.listen = [ListenAddress(host: "127.0.0.1", port: 6667)] }

        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "tachikoma.server")
        let storage = try Self.openStorage(settings.databasePath, caseMapping: settings.config.caseMapping, logger: logger)
        let server = try await IRCServer.start(
            config: settings.config,
            listen: settings.listen.map { ($0.host, $0.port) },
            makeStorage: { storage },
            logger: logger
        )
        logger.info("tachikoma-server ready", metadata: [
            "name": "\(settings.config.serverName)",
            "ports": "\(server.ports.map(String.init).joined(separator: ","))",
        ])
        let exporter = try await startMetrics(server: server, logger: logger)
        await Self.waitForTerminationSignal()
        await exporter?.stop()
        await server.shutdown()
        logger.info("stopped")
    }

    /// Suspends until SIGTERM or SIGINT arrives (both are then handled here, not by default).
    static func waitForTerminationSignal() async {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        let queue = DispatchQueue(label: "tachikoma.signals")
        let sources = [SIGTERM, SIGINT].map { sig in
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { continuation.yield(sig) }
            source.resume()
            return source
        }
        for await _ in stream { break }
        for source in sources { source.cancel() }
    }
}
