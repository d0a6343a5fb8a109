import ChatCore

/// What the client reports after handling a batch of events: the session as it now stands
/// and what happened that the app may want to announce.
public struct ChatUpdate: Sendable {
    /// A copy of the session state (buffers, friends, phase…) for the UI to render.
    public var session: ChatSession
    /// Notable happenings since the last update, in order.
    public var notices: [ChatNotice]
    /// The new friend list, when it changed (the app persists it).
    public var friends: [String]?
}
