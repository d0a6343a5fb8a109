/// Why a frame file could not be read, with the place (1-based line and column) where
/// reading stopped, so a user can fix a hand-edited file.
public struct FrameFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (path or name) the text came from.
    public var source: String
    /// 1-based line of the problem (0 when the whole file is at fault, e.g. it is unreadable).
    public var line: Int
    /// 1-based column (in characters) of the problem.
    public var column: Int
    /// What is wrong, in words.
    public var reason: String

    /// An error at `line`:`column` of `source`.
    public init(source: String, line: Int, column: Int, reason: String) {
        self.source = source
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `file:line:column: reason`, the form compilers use, so editors can jump there.
    public var description: String {
        line > 0 ? "\(source):\(line):\(column): \(reason)" : "\(source): \(reason)"
    }
}
