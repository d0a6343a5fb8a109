import Translator

/// The work the Translate panel asks of its handler (a `PanelCommand.task` payload): look
/// `query` up offline, then online when a service is configured. `request` numbers the
/// lookups so that a late answer to an older query is never shown for a newer one.
public struct TranslateTask: Hashable, Sendable {
    /// The lookup's number, echoed in every answer.
    public var request: Int
    /// The text to translate.
    public var query: String

    /// A lookup of `query` numbered `request`.
    public init(request: Int, query: String) {
        self.request = request
        self.query = query
    }
}

/// What the handler posts back to the panel (`AppEvent.panel`, wrapped in the app's panel message).
public enum TranslateMessage: Sendable {
    /// What the handler found at start: whether the dictionary opens, and the online
    /// service's name when one is configured (or why the configuration is wrong).
    case status(dictionary: DictionaryError?, online: String?, onlineProblem: String?)
    /// The offline answer for a request (shown at once).
    case offline(request: Int, Translation)
    /// The offline dictionary could not answer (not installed, unreadable, corrupted).
    case dictionaryFailed(request: Int, DictionaryError)
    /// The online service was asked; its answer will follow.
    case onlinePending(request: Int, service: String)
    /// The online service's translation.
    case online(request: Int, service: String, text: String)
    /// The online service failed; the message says why (timeout, HTTP status…).
    case onlineFailed(request: Int, service: String, message: String)

    /// The `service` of an `onlineFailed` that comes from the configuration, not a service.
    public static let configService = "config"
}
