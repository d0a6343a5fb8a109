/// Why the word book cannot be used, in words for the user. The file is never deleted or
/// rewritten because of it.
public struct WordBookError: Error, CustomStringConvertible, Sendable {
    /// The book's path.
    public let path: String
    /// What went wrong (SQLite's own message, e.g. "file is not a database").
    public let reason: String

    /// `word book PATH: REASON`.
    public var description: String { "word book \(path): \(reason)" }

    /// A problem with the book at `path` (also for callers that prepare its folder).
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
