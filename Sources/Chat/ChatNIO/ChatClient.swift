import ChatCore
import Foundation
import IRCProtocol
import NIOCore
import NIOPosix

/// The chat connection on SwiftNIO: it owns the socket and the timers, drives a `ChatSession`
/// with what happens, carries out the session's actions, and reports a `ChatUpdate` through
/// `onUpdate` after every batch.
///
/// All session state lives on one event loop (`NIOLoopBound`); the public methods hop onto it,
/// so the client may be used from any thread. `onUpdate` is called on that loop.
public final class ChatClient: Sendable {
    private let loop: any EventLoop
    private let state: NIOLoopBoundBox<ClientState>

    /// Makes a client; nothing happens until `start()`.
    ///
    /// - Parameters:
    ///   - seed: feeds the reconnect jitter (a fixed seed makes tests repeatable).
    ///   - backoff: the reconnect policy (tests use a long one and reconnect by hand).
    ///   - tickInterval: how often the session's timer ticks (ISON polling, keep-alive).
    public init(
        config: ChatConfig, seed: UInt64 = UInt64.random(in: 0...UInt64.max), backoff: ReconnectBackoff = ReconnectBackoff(),
        tickInterval: TimeAmount = .seconds(Int64(ChatSession.tickInterval)),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onUpdate: @escaping @Sendable (ChatUpdate) -> Void
    ) {
        loop = group.next()
        let session = ChatSession(config: config, seed: seed, backoff: backoff, scram: CryptoScramProver())
        state = NIOLoopBoundBox.makeBoxSendingValue(
            ClientState(session: session, loop: loop, tickInterval: tickInterval, onUpdate: onUpdate), eventLoop: loop)
    }

    /// Connects (and keeps reconnecting until `stop()`).
    public func start() {
        perform(.connect)
    }

    /// Hands a user intent to the session.
    public func perform(_ intent: ChatIntent) {
        let state = self.state
        loop.execute { state.value.handle([.intent(intent)]) }
    }

    /// Sends QUIT, closes the connection and stops the timers; returns when the socket is closed.
    public func stop(reason: String = "Tachikoma out") async {
        let state = self.state
        let closed: EventLoopFuture<Void> = loop.flatSubmit {
            state.value.handle([.intent(.quit(reason: reason))])
            return state.value.shutdown()
        }
        try? await closed.get()
    }

    /// The session as it stands now (for tests and tools).
    public func snapshot() async -> ChatSession {
        let state = self.state
        return try! await loop.submit { state.value.session }.get()
    }
}
