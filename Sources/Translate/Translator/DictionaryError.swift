/// Why the offline dictionary cannot answer. Each case reads as a message for the user.
public enum DictionaryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No index at `path`: the set-up has not been run.
    case notInstalled(path: String)
    /// The index exists but cannot be read (permissions, I/O error).
    case unreadable(path: String, reason: String)
    /// The bytes are not a valid index: wrong magic or version, truncated, or an offset
    /// that points outside the file.
    case corrupted(reason: String)

    /// The command that (re)builds the index, named in every message.
    public static let installCommand = "scripts/install-dictionary.sh"

    public var description: String {
        switch self {
        case .notInstalled(let path):
            "the English→Chinese dictionary is not installed (no \(path)).\n"
                + "Install it from the Tachikoma source folder with:  \(Self.installCommand)  (or `make run`)"
        case .unreadable(let path, let reason):
            "cannot read the dictionary \(path): \(reason)"
        case .corrupted(let reason):
            "the dictionary index is corrupted (\(reason)).\n"
                + "Rebuild it with:  \(Self.installCommand) --force"
        }
    }
}
