import Dispatch
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import ServerCore

/// One node's link to the others through PostgreSQL: `LISTEN` on one connection of its own,
/// a heartbeat row, and the reaping of nodes that stopped beating (issue 14).
///
/// Liveness: every `heartbeat` seconds the node sets `cluster_node.seen = now()` (the
/// database's clock, so the nodes' clocks do not matter) and deletes any other node not seen
/// for `deadAfter` seconds, freeing its nicks and publishing `LOST` for it in that
/// transaction: a node killed with -9 is gone for everyone within `deadAfter + heartbeat`
/// seconds (8 by default; the issue asks for 10). A node that cannot beat for `deadAfter`
/// seconds, whose row was reaped, or whose listening connection dropped (it may have missed
/// events) reports `lost` — its users are disconnected rather than left on a node that
/// diverges — and rejoins on a later beat once the database answers: it frees whatever an
/// earlier run of it held, says LOST for itself (the others drop what they still had of it)
/// and HELLO (they tell it who they have).
public final class PostgresClusterBus: ClusterBus {
    /// This node's name.
    public let node: String
    /// Seconds between heartbeats.
    public let heartbeat: Double
    /// Seconds without a heartbeat after which a node is given up.
    public let deadAfter: Double
    private let connections: PostgresConnections
    private let logger: Logger
    private let queue = DispatchQueue(label: "tachikoma.cluster")
    private let state = NIOLockedValueBox(State())

    private struct State {
        var listener: PostgresConnection?
        var joined = false
        var stopped = false
        var lastBeat = DispatchTime.now()
        var events: (@Sendable (ClusterEvent) -> Void)?
        var lost: (@Sendable () -> Void)?
    }

    /// A bus for `node` on the database at `url`.
    public init(node: String, url: PostgresURL, heartbeat: Double = 2, deadAfter: Double = 6,
                logger: Logger = Logger(label: "tachikoma.cluster")) {
        self.node = node
        self.heartbeat = heartbeat
        self.deadAfter = deadAfter
        self.logger = logger
        connections = PostgresConnections(url: url, maximum: 2, logger: logger)
    }

    /// Whether `name` can name a node (it travels as an IRC source and in msgids).
    public static func isValidNodeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 32
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
    }

    public func start(events: @escaping @Sendable (ClusterEvent) -> Void, lost: @escaping @Sendable () -> Void) throws {
        state.withLockedValue {
            $0.events = events
            $0.lost = lost
        }
        try queue.sync { try join() }
        scheduleBeat()
    }

    private func scheduleBeat() {
        queue.asyncAfter(deadline: .now() + heartbeat) { [weak self] in
            guard let self, !self.state.withLockedValue({ $0.stopped }) else { return }
            self.beat()
            self.scheduleBeat()
        }
    }

    public func stop() {
        state.withLockedValue { $0.stopped = true }
        queue.sync {
            if state.withLockedValue({ $0.joined }) {
                // Leaving on purpose: the others drop our users now, not in `deadAfter` seconds.
                _ = try? connections.transaction { c in
                    _ = try c.run("DELETE FROM cluster_nick WHERE node = \(node)", logger)
                    _ = try c.run("DELETE FROM cluster_node WHERE name = \(node)", logger)
                    try PostgresStorage.notify(ClusterEvent(origin: node, kind: .lost(node: node)), c, logger)
                }
            }
            closeListener()
            connections.close()
        }
    }

    // MARK: On `queue`

    /// Listens, then cleans up after an earlier run of this node and says HELLO.
    private func join() throws {
        closeListener()
        let listener = try connections.connect()
        let deliver = state.withLockedValue { $0.events }
        let logger = self.logger
        listener.addListener(channel: PostgresStorage.clusterChannel) { _, notification in
            guard let event = ClusterEvent(decoding: notification.payload) else {
                logger.warning("unreadable cluster event ignored", metadata: ["bytes": "\(notification.payload.utf8.count)"])
                return
            }
            logger.trace("cluster event", metadata: ["event": "\(notification.payload)"])
            deliver?(event)
        }
        do {
            _ = try listener.query("LISTEN \(unescaped: PostgresStorage.clusterChannel)", logger: logger).block()
            try connections.transaction { c in
                _ = try c.run("DELETE FROM cluster_nick WHERE node = \(node)", logger)
                _ = try c.run("""
                    INSERT INTO cluster_node (name, seen) VALUES (\(node), now())
                    ON CONFLICT (name) DO UPDATE SET seen = now()
                    """, logger)
                try PostgresStorage.notify(ClusterEvent(origin: node, kind: .lost(node: node)), c, logger)
                try PostgresStorage.notify(ClusterEvent(origin: node, kind: .hello), c, logger)
            }
        } catch {
            _ = try? listener.close().block()
            throw error
        }
        state.withLockedValue {
            $0.listener = listener
            $0.joined = true
            $0.lastBeat = .now()
        }
        logger.info("joined the cluster", metadata: ["node": "\(node)"])
    }

    private func closeListener() {
        let old = state.withLockedValue { s in
            defer { s.listener = nil }
            return s.listener
        }
        if let old, !old.isClosed { _ = try? old.close().block() }
    }

    private func beat() {
        let (stopped, joined, listenerAlive, lastBeat) = state.withLockedValue {
            ($0.stopped, $0.joined, $0.listener.map { !$0.isClosed } ?? false, $0.lastBeat)
        }
        if stopped { return }
        if joined {
            do {
                let rows = try connections.with { c in
                    try c.run("UPDATE cluster_node SET seen = now() WHERE name = \(node) RETURNING name", logger)
                }
                if rows.isEmpty || !listenerAlive {
                    leave(because: rows.isEmpty ? "the other nodes gave this node up" : "the listening connection dropped")
                } else {
                    state.withLockedValue { $0.lastBeat = .now() }
                }
            } catch {
                let silent = Double(DispatchTime.now().uptimeNanoseconds - lastBeat.uptimeNanoseconds) / 1e9
                if silent >= deadAfter { leave(because: "no heartbeat for \(Int(silent)) s: \(error)") }
            }
        }
        if !state.withLockedValue({ $0.joined }) {
            do {
                try join()
            } catch {
                logger.debug("rejoining the cluster failed", metadata: ["error": "\(error)"])
                return
            }
        }
        reap()
    }

    private func leave(because reason: String) {
        logger.error("left the cluster; disconnecting this node's users", metadata: ["reason": "\(reason)"])
        let lost = state.withLockedValue { s in
            s.joined = false
            return s.lost
        }
        closeListener()
        lost?()
    }

    /// Gives up every other node not seen for `deadAfter` seconds.
    private func reap() {
        do {
            try connections.transaction { c in
                let dead = try c.run("""
                    DELETE FROM cluster_node WHERE name <> \(node) AND seen < now() - make_interval(secs => \(deadAfter))
                    RETURNING name
                    """, logger).map { try $0.decode(String.self) }
                for name in dead {
                    _ = try c.run("DELETE FROM cluster_nick WHERE node = \(name)", logger)
                    try PostgresStorage.notify(ClusterEvent(origin: node, kind: .lost(node: name)), c, logger)
                    logger.warning("node lost: its users quit", metadata: ["node": "\(name)"])
                }
            }
        } catch {
            logger.warning("reaping failed", metadata: ["error": "\(error)"])
        }
    }
}
