/// SCRAM's `saslname` (RFC 5802 §5.1): a name in which `,` is written `=2C` and `=` is
/// written `=3D`, so names can sit between the message's commas.
public enum ScramName {
    /// The name written as a `saslname`.
    public static func escape(_ name: String) -> String {
        var out = ""
        for c in name {
            switch c {
            case ",": out += "=2C"
            case "=": out += "=3D"
            default: out.append(c)
            }
        }
        return out
    }

    /// The name a `saslname` stands for, or `nil` if it is empty or has another `=` escape.
    public static func unescape(_ text: Substring) -> String? {
        guard !text.isEmpty else { return nil }
        var out = ""
        var rest = text[...]
        while let eq = rest.firstIndex(of: "=") {
            out += rest[..<eq]
            let code = rest[eq...].prefix(3)
            switch code {
            case "=2C": out += ","
            case "=3D": out += "="
            default: return nil
            }
            rest = rest[rest.index(eq, offsetBy: 3)...]
        }
        out += rest
        return out
    }
}
