import ChatCore
import Foundation
import IRCProtocol
import NIOCore
import NIOPosix
import NIOSSL

/// The client's state on its event loop: the session, the live channel, the timers.
/// Only ever touched on `loop` (it sits in a `NIOLoopBoundBox`).
final class ClientState {
    var session: ChatSession
    let loop: any EventLoop
    let tickInterval: TimeAmount
    let onUpdate: @Sendable (ChatUpdate) -> Void
    var channel: (any Channel)?
    /// Bumped for every connection attempt, so late events of an old channel are ignored.
    var generation = 0
    var reconnectTask: Scheduled<Void>?
    var ticker: Scheduled<Void>?
    var stopped = false

    init(session: ChatSession, loop: any EventLoop, tickInterval: TimeAmount, onUpdate: @escaping @Sendable (ChatUpdate) -> Void) {
        self.session = session
        self.loop = loop
        self.tickInterval = tickInterval
        self.onUpdate = onUpdate
    }

    static func now() -> Double { Date().timeIntervalSince1970 }

    /// Feeds events to the session, carries out its actions, then reports once.
    func handle(_ events: [ChatEvent]) {
        var notices: [ChatNotice] = []
        var friends: [String]?
        var pending = events[...]
        var wrote = false
        var acted = false
        while let event = pending.popFirst() {
            let actions = session.handle(event, now: ClientState.now())
            acted = acted || !actions.isEmpty
            for action in actions {
                switch action {
                case .connect:
                    connect()
                case .send(let message):
                    guard let channel else { continue }
                    var bytes: [UInt8] = []
                    message.serializedLine(into: &bytes)
                    channel.write(channel.allocator.buffer(bytes: bytes), promise: nil)
                    wrote = true
                case .disconnect:
                    if wrote { channel?.flush() }
                    wrote = false
                    channel?.close(promise: nil)
                case .scheduleReconnect(let seconds):
                    reconnectTask?.cancel()
                    guard !stopped else { break }
                    // Scheduled through the isolated view: the closure stays on this loop, so
                    // it may hold this (non-Sendable) state.
                    reconnectTask = loop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(seconds * 1000))) { [weak self] in
                        self?.handle([.reconnectDue])
                    }
                case .notify(let notice):
                    notices.append(notice)
                case .friendsChanged(let list):
                    friends = list
                }
            }
        }
        if wrote { channel?.flush() }
        // A quiet tick changes nothing the UI shows: no update, so an idle pet stays idle.
        if events == [.tick] && !acted { return }
        onUpdate(ChatUpdate(session: session, notices: notices, friends: friends))
    }

    func connect() {
        guard !stopped else { return }
        generation += 1
        let myGeneration = generation
        channel?.close(promise: nil)
        channel = nil
        startTicker()
        let box = NIOLoopBound(self, eventLoop: loop)
        let config = session.config
        let endpoint = session.endpoint
        var tls: NIOSSLContext?
        if endpoint.useTLS {
            do {
                var c = TLSConfiguration.makeClientConfiguration()
                if !config.tlsTrustRoots.isEmpty { c.trustRoots = .file(config.tlsTrustRoots) }
                tls = try NIOSSLContext(configuration: c)
            } catch {
                loop.execute { box.value.handle([.disconnected(reason: "TLS setup failed: \(error)")]) }
                return
            }
        }
        let sslContext = tls
        let serverName = ClientState.isIPAddress(endpoint.host) ? nil : endpoint.host
        ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: sslContext, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(LineHandler(owner: box.value, generation: myGeneration))
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
            .whenComplete { result in
                let me = box.value
                guard me.generation == myGeneration else {
                    if case .success(let ch) = result { ch.close(promise: nil) }
                    return
                }
                switch result {
                case .success(let ch):
                    if me.stopped {
                        ch.close(promise: nil)
                        return
                    }
                    me.channel = ch
                    me.handle([.connected])
                case .failure(let error):
                    me.handle([.disconnected(reason: "cannot connect to \(endpoint) (\(error))")])
                }
            }
    }

    /// Whether `host` is a literal IPv4 or IPv6 address (no SNI or name check for those).
    static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
    }

    func startTicker() {
        guard ticker == nil else { return }
        scheduleTick()
    }

    /// One tick, which schedules the next (on the loop, so no Sendable closure is needed).
    private func scheduleTick() {
        ticker = loop.assumeIsolated().scheduleTask(in: tickInterval) { [weak self] in
            guard let self, self.ticker != nil else { return }
            self.handle([.tick])
            if self.ticker != nil { self.scheduleTick() }
        }
    }

    /// Lines (and overlong-line reports) from connection `generation`.
    func received(_ events: [ChatEvent], generation: Int) {
        guard generation == self.generation, channel != nil else { return }
        handle(events)
    }

    /// Connection `generation` closed.
    func closed(generation: Int, reason: String) {
        guard generation == self.generation, channel != nil else { return }
        channel = nil
        handle([.disconnected(reason: reason)])
    }

    /// Stops reconnecting and closes the channel; the future completes when it is closed.
    func shutdown() -> EventLoopFuture<Void> {
        stopped = true
        reconnectTask?.cancel()
        ticker?.cancel()
        ticker = nil
        guard let channel else { return loop.makeSucceededVoidFuture() }
        channel.close(promise: nil)
        return channel.closeFuture
    }
}

/// Frames incoming bytes into lines and reports them (and the end of the connection) to the owner.
final class LineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let owner: ClientState
    private let generation: Int
    private var framer = IRCLineFramer()
    private var lines: [ChatEvent] = []

    init(owner: ClientState, generation: Int) {
        self.owner = owner
        self.generation = generation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { framer.append($0) }
        while let event = framer.next() {
            switch event {
            case .line(let bytes): lines.append(.line(String(decoding: bytes, as: UTF8.self)))
            case .tooLong: lines.append(.overlongLine)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        guard !lines.isEmpty else { return }
        let batch = lines
        lines = []
        owner.received(batch, generation: generation)
    }

    func channelInactive(context: ChannelHandlerContext) {
        channelReadComplete(context: context)
        owner.closed(generation: generation, reason: "connection closed")
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        owner.closed(generation: generation, reason: "\(error)")
        context.close(promise: nil)
    }
}
