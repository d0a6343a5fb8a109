/// A friend's presence as far as the server tells it.
public enum Presence: String, Hashable, Sendable {
    /// Not seen yet on this connection.
    case unknown
    /// Connected.
    case online
    /// Connected and marked away.
    case away
    /// Not connected.
    case offline
}
