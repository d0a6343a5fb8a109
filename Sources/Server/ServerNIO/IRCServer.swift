import Dispatch
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServerCore

/// The Tachikoma IRC server on SwiftNIO: listeners, connections, timers and shutdown.
///
/// One event loop owns all state (`ServerState`, reached only through `NIOLoopBound`), and
/// every connection's channel lives on that loop, so a message to a thousand members is a
/// thousand plain writes with no locks or hops. The type itself is `Sendable`: it holds only
/// the loop group, the loop-bound state and the listening channels.
public final class IRCServer: Sendable {
    /// The addresses actually bound (port 0 in the request becomes the real port here).
    public let localAddresses: [SocketAddress]
    private let group: MultiThreadedEventLoopGroup
    let loop: any EventLoop
    let state: NIOLoopBound<ServerState>
    private let listeners: [any Channel]
    private let logger: Logger

    private init(localAddresses: [SocketAddress], group: MultiThreadedEventLoopGroup, loop: any EventLoop,
                 state: NIOLoopBound<ServerState>, listeners: [any Channel], logger: Logger) {
        self.localAddresses = localAddresses
        self.group = group
        self.loop = loop
        self.state = state
        self.listeners = listeners
        self.logger = logger
    }

    /// Joins the cluster `bus` connects to (cluster mode, `ServerConfig.node`): events from
    /// the other nodes are handled on the server's loop like any other input.
    private static func join(_ bus: any ClusterBus, loop: any EventLoop, state: NIOLoopBound<ServerState>) throws {
        try bus.start(events: { event in
            loop.execute {
                state.value.core.clusterReceived(event, now: .current)
                state.value.deliver()
                state.value.scheduleFlush()
            }
        }, lost: {
            loop.execute {
                state.value.core.clusterLost(reason: "This node lost the network's database", now: .current)
                state.value.deliver()
                state.value.scheduleFlush()
            }
        })
    }

    /// The bound TCP ports, in the order of `localAddresses`.
    public var ports: [Int] { localAddresses.compactMap(\.port) }

    /// Binds every `(host, port)` in `listen` (plaintext) and starts serving.
    ///
    /// `makeStorage` runs on the server's event loop, where the storage will be used.
    public static func start(
        config: ServerConfig,
        listen: [(host: String, port: Int)],
        makeStorage: @escaping @Sendable () -> any ServerStorage = { EphemeralStorage() },
        logger: Logger = Logger(label: "tachikoma.server")
    ) async throws -> IRCServer {
        try await start(config: config, listeners: listen.map { IRCListener(host: $0.host, port: $0.port) },
                        makeStorage: makeStorage, logger: logger)
    }

    /// Binds every listener, plaintext or TLS, and starts serving. All of them feed the same
    /// event loop and state; `localAddresses` follows the order of `listeners`.
    ///
    /// `makeStorage` runs on the server's event loop, where the storage will be used.
    public static func start(
        config: ServerConfig,
        listeners requested: [IRCListener],
        makeStorage: @escaping @Sendable () -> any ServerStorage = { EphemeralStorage() },
        cluster: (any ClusterBus)? = nil,
        logger: Logger = Logger(label: "tachikoma.server")
    ) async throws -> IRCServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let state = try await loop.submit {
            let storage = makeStorage()
            let core = ServerCore(config: config, features: storage.features, now: .current)
            core.loadAccountNames(try storage.accountNames())
            return NIOLoopBound(ServerState(core: core, loop: loop, storage: storage, logger: logger), eventLoop: loop)
        }.get()
        if let cluster {
            // Before the first connection: a user must not register before this node has
            // told the others it (re)started.
            do {
                try join(cluster, loop: loop, state: state)
            } catch {
                try? await group.shutdownGracefully()
                throw error
            }
        }
        let highWater = max(4096, config.sendQueueBytes)
        // A TLS handshake gets as long as registration does (at least a second).
        let handshakeTimeout = TimeAmount.milliseconds(Int64(max(1, config.registrationTimeout) * 1000))
        func bootstrap(tls: TLSContextStore?) -> ServerBootstrap {
            ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 4096)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.writeBufferWaterMark, value: .init(low: highWater / 2, high: highWater))
                .childChannelOption(.maxMessagesPerRead, value: 4)
                // Small first receive buffers: NIO keeps each connection's buffer for the next
                // read and never shrinks it, so this is what an idle connection holds (128 B:
                // a usual registration — CAP LS, NICK, USER — fits in one read; a busy
                // client's buffer doubles on each full read). 256 B cost 130 B more per idle
                // connection (BENCHMARKS.md, 2026-12-07, fifth session).
                .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 128, maximum: 65_536))
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let tls {
                            // The context current at accept time; a reload affects later connections only.
                            try pipeline.addHandler(NIOSSLServerHandler(context: tls.context))
                            try pipeline.addHandler(TLSConnectionGuard(logger: logger, handshakeTimeout: handshakeTimeout))
                        }
                        try pipeline.addHandler(ConnectionHandler(state: state.value, secure: tls != nil))
                    }
                }
        }
        var listeners: [any Channel] = []
        do {
            for listener in requested {
                let channel = try await bootstrap(tls: listener.tls).bind(host: listener.host, port: listener.port).get()
                listeners.append(channel)
                logger.info("listening", metadata: [
                    "address": "\(channel.localAddress.map { "\($0)" } ?? "?")", "tls": "\(listener.tls != nil)",
                ])
            }
        } catch {
            for channel in listeners { try? await channel.close() }
            try? await group.shutdownGracefully()
            throw error
        }
        let server = IRCServer(localAddresses: listeners.compactMap(\.localAddress), group: group, loop: loop,
                               state: state, listeners: listeners, logger: logger)
        // The once-a-second sweep in ten parts (ServerState.tick).
        let tickEvery = TimeAmount.milliseconds(Int64(1000 / ServerState.tickParts))
        _ = loop.scheduleRepeatedTask(initialDelay: tickEvery, delay: tickEvery) { _ in
            state.value.tick()
        }
        return server
    }

    /// Stops accepting, sends every client `ERROR :<reason>`, flushes and closes them,
    /// then stops the event loop. Waits at most `grace` for clients to drain.
    public func shutdown(reason: String = "Server shutting down", grace: TimeAmount = .seconds(3)) async {
        logger.info("shutting down")
        for channel in listeners { try? await channel.close() }
        let state = self.state
        let loop = self.loop
        let finished = loop.makePromise(of: Void.self)
        loop.execute {
            let s = state.value
            let closes = s.allConnections.map(\.closeFuture)
            s.core.shutdown(reason: reason, now: .current)
            s.deliver()
            s.flush()
            let done = NIOLoopBoundBox(false, eventLoop: loop)
            EventLoopFuture.andAllComplete(closes, on: loop).whenComplete { _ in
                if !done.value { done.value = true; finished.succeed() }
            }
            loop.assumeIsolated().scheduleTask(in: grace) {
                if !done.value { done.value = true; finished.succeed() }
            }
        }
        try? await finished.futureResult.get()
        // Let queued storage work finish (its answers hop to the loop, which must still run).
        if let drain = try? await loop.submit({ state.value.drainStorage() }).get() {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    drain()
                    done.resume()
                }
            }
        }
        try? await group.shutdownGracefully()
    }

    /// Number of connections (registered or not), read on the event loop.
    public func connectionCount() async -> Int {
        let state = self.state
        return (try? await loop.submit { state.value.connectionCount }.get()) ?? 0
    }
}

/// One address to listen on, plaintext or TLS.
public struct IRCListener: Sendable {
    /// The host or address to bind.
    public var host: String
    /// The TCP port (0 picks a free one).
    public var port: Int
    /// The certificate store for a TLS listener; `nil` for plaintext.
    public var tls: TLSContextStore?

    /// Makes a listener; give `tls` for a TLS port.
    public init(host: String, port: Int, tls: TLSContextStore? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
    }
}
