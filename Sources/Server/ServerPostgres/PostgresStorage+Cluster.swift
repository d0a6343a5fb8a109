import IRCProtocol
import Logging
import PostgresNIO
import ServerCore

/// Cluster mode's storage side: nick claims and events published with the history.
extension PostgresStorage: ClusterStorage {
    /// The `LISTEN`/`NOTIFY` channel every node of a database uses.
    public static let clusterChannel = "tachikoma_cluster"

    /// Stores `entries` and publishes `events` in one transaction: `NOTIFY` is delivered at
    /// commit, so another node relays exactly what is stored, in commit order.
    public func append(_ entries: [HistoryEntry], publishing events: [ClusterEvent]) throws {
        try connections.transaction { c in
            try insert(entries, c)
            for event in events { try publish(event, c) }
        }
    }

    /// Publishes one event inside the caller's transaction, with what it changes in the
    /// shared tables.
    func publish(_ event: ClusterEvent, _ c: PostgresConnection) throws {
        if case .quit(let nick, _) = event.kind {
            let folded = caseMapping.fold(nick)
            _ = try c.run("DELETE FROM cluster_nick WHERE folded = \(folded) AND node = \(event.origin)", logger)
        }
        try Self.notify(event, c, logger)
    }

    /// Sends `event` to every node with `NOTIFY`, delivered when the caller's transaction
    /// commits.
    static func notify(_ event: ClusterEvent, _ c: PostgresConnection, _ logger: Logger) throws {
        let payload = event.encoded
        // The longest event is a relayed message, at most ~4.7 KB (client tags 4094 bytes,
        // body 510, our own tags): within NOTIFY's limit by construction. Checked anyway,
        // so that a later change cannot make a transaction fail for everyone's messages.
        guard event.fitsNotify else {
            logger.error("cluster event too long for NOTIFY; not published", metadata: ["bytes": "\(payload.utf8.count)"])
            return
        }
        _ = try c.run("SELECT pg_notify(\(clusterChannel), \(payload))", logger)
    }

    /// Claims `folded` for `node` unless another node holds it; frees `releasing` with it.
    public func claimNick(_ folded: String, nick: String, node: String, releasing: String?) throws -> Bool {
        try connections.transaction { c in
            let won = try c.run("""
                INSERT INTO cluster_nick (folded, nick, node) VALUES (\(folded), \(nick), \(node))
                ON CONFLICT (folded) DO UPDATE SET nick = excluded.nick
                WHERE cluster_nick.node = excluded.node
                RETURNING node
                """, logger)
            guard !won.isEmpty else { return false }
            if let releasing, releasing != folded {
                _ = try c.run("DELETE FROM cluster_nick WHERE folded = \(releasing) AND node = \(node)", logger)
            }
            return true
        }
    }
}
