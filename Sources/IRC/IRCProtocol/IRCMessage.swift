/// One IRC protocol message: optional IRCv3 tags, an optional source, a command and its parameters.
///
/// The same model serves the server and the client. `IRCMessage(parsing:)` reads one line
/// (without its CR LF) and `serialized()` writes it back; for every message whose parts are
/// valid the two round-trip. Parameters are stored unescaped: the trailing parameter is just
/// the last element of `parameters`, the serializer adds the `:` where it is needed.
public struct IRCMessage: Hashable, Sendable {
    /// IRCv3 message tags in the order they appeared; keys are unique (the last duplicate wins).
    public var tags: [IRCTag]
    /// Where the message comes from (`:nick!user@host` or `:server.name`), if given.
    public var source: IRCSource?
    /// The command word (`PRIVMSG`) or a three-digit numeric (`001`), as sent.
    public var command: String
    /// The parameters, the trailing one included, without the leading `:`.
    public var parameters: [String]

    /// Makes a message from its parts; nothing is validated (see `validate()`).
    public init(tags: [IRCTag] = [], source: IRCSource? = nil, command: String, parameters: [String] = []) {
        self.tags = tags
        self.source = source
        self.command = command
        self.parameters = parameters
    }

    /// Convenience for the common case of a command with parameters.
    public init(_ command: String, _ parameters: String..., source: IRCSource? = nil) {
        self.init(source: source, command: command, parameters: parameters)
    }

    /// The command in upper case, which is how commands compare (they are case-insensitive).
    public var normalizedCommand: String {
        // Nearly every command arrives upper-case already: no new string then (it is read for
        // every line, twice for a message).
        if command.utf8.allSatisfy({ $0 < UInt8(ascii: "a") || ($0 > UInt8(ascii: "z") && $0 < 0x80) }) { return command }
        return command.uppercased()
    }

    /// The value of tag `key`: `nil` when absent, `""` when present without a value.
    public func tag(_ key: String) -> String? {
        tags.last(where: { $0.key == key })?.value
    }

    /// Sets (or with `nil` removes) tag `key`, keeping keys unique.
    public mutating func setTag(_ key: String, _ value: String?) {
        if let value {
            if let i = tags.firstIndex(where: { $0.key == key }) {
                tags[i].value = value
            } else {
                tags.append(IRCTag(key: key, value: value))
            }
        } else {
            tags.removeAll { $0.key == key }
        }
    }

    /// The parameter at `index`, or `nil` if there are fewer parameters.
    public subscript(parameter index: Int) -> String? {
        index < parameters.count ? parameters[index] : nil
    }

    /// Checks that the message can be serialized so that it parses back to itself.
    ///
    /// A middle parameter must be non-empty, must not start with `:` and must not contain a
    /// space; no part may contain CR, LF or NUL; the command must be letters or three digits.
    public func validate() throws(IRCParseError) {
        guard IRCMessage.isValidCommand(command.utf8) else { throw .invalidCommand }
        for tag in tags where !IRCTag.isValidKey(tag.key) { throw .invalidTagKey }
        if let source {
            guard !source.name.isEmpty, !IRCMessage.containsForbidden(source.description.utf8),
                  !source.description.utf8.contains(UInt8(ascii: " ")),
                  IRCSource(parsing: Substring(source.description)) == source else { throw .invalidSource }
        }
        for (i, p) in parameters.enumerated() {
            if IRCMessage.containsForbidden(p.utf8) { throw .forbiddenCharacter }
            if i < parameters.count - 1 {
                if p.isEmpty || p.utf8.first == UInt8(ascii: ":") || p.utf8.contains(UInt8(ascii: " ")) {
                    throw .invalidMiddleParameter
                }
            }
        }
    }

    static func isValidCommand(_ bytes: some Collection<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        if bytes.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }) { return true }
        return bytes.count == 3 && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    static func containsForbidden(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.contains { $0 == 0 || $0 == 0x0D || $0 == 0x0A }
    }
}

extension IRCMessage {
    /// Makes a numeric reply (`:source 001 nick :Welcome`).
    public init(source: IRCSource? = nil, numeric: Numeric, parameters: [String]) {
        self.init(source: source, command: numeric.rawValue, parameters: parameters)
    }

    /// The numeric, if the command is a three-digit code.
    public var numeric: Numeric? {
        command.utf8.count == 3 && command.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? Numeric(rawValue: command) : nil
    }
}
