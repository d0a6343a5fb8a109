import Dispatch
import Logging
import NIOCore
import NIOPosix
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

    /// The bound TCP ports, in the order of `localAddresses`.
    public var ports: [Int] { localAddresses.compactMap(\.port) }

    /// Binds every `(host, port)` in `listen` and starts serving.
    ///
    /// `makeStorage` runs on the server's event loop, where the storage will be used.
    public static func start(
        config: ServerConfig,
        listen: [(host: String, port: Int)],
        makeStorage: @escaping @Sendable () -> any ServerStorage = { EphemeralStorage() },
        logger: Logger = Logger(label: "tachikoma.server")
    ) async throws -> IRCServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let state = try await loop.submit {
            let storage = makeStorage()
            let core = ServerCore(config: config, storage: storage, now: .current)
            core.loadAccountNames(try storage.accountNames())
            return NIOLoopBound(ServerState(core: core, loop: loop, storage: storage, logger: logger), eventLoop: loop)
        }.get()
        let highWater = max(4096, config.sendQueueBytes)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: highWater / 2, high: highWater))
            .childChannelOption(.maxMessagesPerRead, value: 4)
            // Small first receive buffers: an idle connection should cost little memory.
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(state: state.value))
                }
            }
        var listeners: [any Channel] = []
        do {
            for (host, port) in listen {
                let channel = try await bootstrap.bind(host: host, port: port).get()
                listeners.append(channel)
                logger.info("listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
            }
        } catch {
            for channel in listeners { try? await channel.close() }
            try? await group.shutdownGracefully()
            throw error
        }
        let server = IRCServer(localAddresses: listeners.compactMap(\.localAddress), group: group, loop: loop,
                               state: state, listeners: listeners, logger: logger)
        _ = loop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
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
