import ArgumentParser
import Dispatch
import Foundation
import Logging
import ServerConfigTOML
import ServerCore
import ServerNIO
import ServerPostgres
import ServerSQLite
import TachikomaVersion

/// `tachikoma-server`: the Tachikoma IRC server, in the foreground until SIGTERM or SIGINT
/// (SIGHUP reloads the TLS certificate and key).
@main
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tachikoma-server",
        abstract: "The Tachikoma chat server (IRC with IRCv3).",
        discussion: "Flags override the TOML file given with --config.",
        version: TachikomaVersion.string,
        subcommands: [AccountCommand.self, StatusCommand.self]
    )

    @Option(name: .long, help: ArgumentHelp("Address to listen on (repeatable).", valueName: "HOST:PORT"))
    var listen: [String] = []

    @Option(name: .long, help: ArgumentHelp("Server name used as the source of server messages.", valueName: "SERVERNAME"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp(
        "Database for accounts and history: a SQLite file (default: $XDG_DATA_HOME/tachikoma/server.sqlite), "
            + "postgres://USER@HOST:PORT/DB for PostgreSQL, or 'none' to keep nothing.",
        valueName: "PATH|URL"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "Run as node NAME of a cluster: every node given the same PostgreSQL --db is one network (letters, digits, - and _).",
        valueName: "NAME"))
    var node: String?

    @Option(name: .long, help: ArgumentHelp("Serve Prometheus metrics at http://HOST:PORT/metrics (keep it on loopback).",
                                            valueName: "HOST:PORT"))
    var metrics: String?

    @Option(name: .long, help: ArgumentHelp("TOML configuration file.", valueName: "FILE"))
    var config: String?

    @Option(name: .customLong("tls-listen"), help: ArgumentHelp("Address to listen on with TLS (repeatable).", valueName: "HOST:PORT"))
    var tlsListen: [String] = []

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp(
        "TLS certificate, PEM, full chain (re-read on SIGHUP).", valueName: "FILE"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("TLS private key, PEM (re-read on SIGHUP).", valueName: "FILE"))
    var tlsKey: String?

    @Flag(name: .long, help: ArgumentHelp(
        "Publish the server on the local network (mDNS/DNS-SD: _irc._tcp, _ircs-u._tcp); loopback listeners are never announced."))
    var announce = false

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
        if let node { settings.config.node = node }
        let bus = try Self.clusterBus(settings)
        if announce { settings.announce = true }
        do {
            if !listen.isEmpty { settings.listen = try listen.map { s throws(ConfigError) in try ListenAddress(parsing: s) } }
        } catch {
            throw ValidationError("--listen: \(error.description)")
        }
        try applyTLSFlags(to: &settings)
        if settings.listen.isEmpty && settings.tlsListen.isEmpty {
            settings.listen = [ListenAddress(host: "127.0.0.1", port: 6667)]
        }

        // From here on SIGHUP (a reload) must not kill the server; it is handled below.
        signal(SIGHUP, SIG_IGN)
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "tachikoma.server")
        let tls = try Self.loadTLS(settings, logger: logger)
        let storage = try Self.openStorage(settings.databasePath, caseMapping: settings.config.caseMapping, logger: logger)
        let server = try await IRCServer.start(
            config: settings.config,
            listeners: settings.listen.map { IRCListener(host: $0.host, port: $0.port) }
                + settings.tlsListen.map { IRCListener(host: $0.host, port: $0.port, tls: tls) },
            makeStorage: { storage },
            cluster: bus,
            logger: logger
        )
        logger.info("tachikoma-server ready", metadata: [
            "name": "\(settings.config.serverName)",
            "ports": "\(server.ports.map(String.init).joined(separator: ","))",
        ])
        let exporter = try await startMetrics(server: server, logger: logger)
        let announcement: Announcement?
        do {
            announcement = try await Self.startAnnouncing(settings, server: server, logger: logger)
        } catch {
            await exporter?.stop()
            await server.shutdown()
            throw error
        }
        await Self.waitForTerminationSignal(onHangup: {
            if let tls {
                tls.reload(logger: logger)
            } else {
                logger.info("SIGHUP: no TLS listener, nothing to reload")
            }
        })
        await announcement?.stop()
        await exporter?.stop()
        bus?.stop()
        await server.shutdown()
        logger.info("stopped")
    }

    /// Suspends until SIGTERM or SIGINT arrives (both are then handled here, not by default);
    /// each SIGHUP meanwhile runs `onHangup` and keeps waiting.
    static func waitForTerminationSignal(onHangup: @escaping @Sendable () -> Void = {}) async {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        let queue = DispatchQueue(label: "tachikoma.signals")
        let sources = [SIGTERM, SIGINT, SIGHUP].map { sig in
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { continuation.yield(sig) }
            source.resume()
            return source
        }
        // Reloads run here one at a time, in the order the signals came.
        for await sig in stream {
            if sig != SIGHUP { break }
            onHangup()
        }
        for source in sources { source.cancel() }
    }
}
