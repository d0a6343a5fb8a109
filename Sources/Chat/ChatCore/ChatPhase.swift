/// Where the connection stands: the public summary of `ChatSession`'s stage, for the UI and
/// the adapter (what each stage holds stays inside the session).
public enum ChatPhase: Hashable, Sendable {
    /// Not connected; `reconnecting` says whether a reconnect is scheduled.
    case disconnected(reconnecting: Bool)
    /// The adapter is opening the connection.
    case connecting
    /// Connected; CAP negotiation, SASL or nick registration under way.
    case registering
    /// Registered (after 001): messages flow.
    case online
}
