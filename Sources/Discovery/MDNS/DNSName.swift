/// A domain name as a list of labels (`["_irc", "_tcp", "local"]`). Labels are kept as the
/// bytes the wire carried (DNS-SD instance names are UTF-8, RFC 6763 §4.1.1, but DNS allows
/// any byte) and may contain dots and spaces; comparison ignores ASCII case, as DNS does
/// (RFC 1035 §2.3.3).
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// The labels' bytes, most specific first, without the empty root label.
    public let rawLabels: [[UInt8]]

    /// The labels as text (invalid UTF-8 shown with U+FFFD).
    public var labels: [String] { rawLabels.map { String(decoding: $0, as: UTF8.self) } }

    /// The longest label the wire format can carry (RFC 1035 §2.3.4).
    public static let maximumLabelLength = 63
    /// The longest name on the wire, length bytes and the root label included.
    public static let maximumWireLength = 255

    /// Makes a name from labels; `validate()` (called by the encoder) checks the limits.
    public init(labels: [String]) {
        rawLabels = labels.map { Array($0.utf8) }
    }

    /// Makes a name from labels' bytes.
    public init(rawLabels: [[UInt8]]) {
        self.rawLabels = rawLabels
    }

    /// Parses a dotted name (`"_irc._tcp.local"`, a trailing dot allowed). Labels with dots
    /// in them (instance names) must be given with `init(labels:)` or `prepending(_:)`.
    public init(_ dotted: String) {
        var text = Substring(dotted)
        if text.hasSuffix(".") { text = text.dropLast() }
        rawLabels = text.isEmpty ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }
    }

    /// This name with one more label in front (an instance name in front of its service type).
    public func prepending(_ label: String) -> DNSName {
        DNSName(rawLabels: [Array(label.utf8)] + rawLabels)
    }

    /// The name without its first label.
    public var parent: DNSName { DNSName(rawLabels: Array(rawLabels.dropFirst())) }

    /// The first label (`""` for the root).
    public var first: String { rawLabels.first.map { String(decoding: $0, as: UTF8.self) } ?? "" }

    /// Checks the wire-format limits, so a name that cannot be sent is an error before any
    /// byte is written.
    public func validate() throws(DNSEncodeError) {
        var total = 1
        for label in rawLabels {
            let count = label.count
            guard count > 0 else { throw DNSEncodeError("empty label in name '\(self)'") }
            guard count <= Self.maximumLabelLength else {
                throw DNSEncodeError("label of \(count) bytes in '\(self)' (at most \(Self.maximumLabelLength))")
            }
            total += count + 1
        }
        guard total <= Self.maximumWireLength else {
            throw DNSEncodeError("name of \(total) bytes (at most \(Self.maximumWireLength)): '\(self)'")
        }
    }

    /// The dotted form; dots and backslashes inside a label are escaped (`My\.Server`).
    public var description: String {
        labels.map { $0.replacingBackslashesAndDots() }.joined(separator: ".") + (labels.isEmpty ? "." : "")
    }

    /// The key two equal names share: labels with ASCII letters lowered.
    var key: [[UInt8]] { rawLabels.map(Self.lowercasedASCII) }

    static func lowercasedASCII<Bytes: Sequence<UInt8>>(_ label: Bytes) -> [UInt8] {
        label.map { (65...90).contains($0) ? $0 + 32 : $0 }
    }

    public static func == (lhs: DNSName, rhs: DNSName) -> Bool { lhs.key == rhs.key }

    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}

extension String {
    fileprivate func replacingBackslashesAndDots() -> String {
        var out = ""
        for character in self {
            if character == "." || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
