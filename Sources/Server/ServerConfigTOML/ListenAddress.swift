/// A `HOST:PORT` to listen on; IPv6 hosts are written in brackets (`[::1]:6667`).
public struct ListenAddress: Hashable, Sendable, CustomStringConvertible {
    /// The host or address to bind.
    public var host: String
    /// The TCP port (0 picks a free one).
    public var port: Int

    /// Makes an address from parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` or `[V6]:PORT`.
    public init(parsing text: String) throws(ConfigError) {
        var hostPart: Substring
        var portPart: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw ConfigError("'\(text)' is not HOST:PORT") }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw ConfigError("'\(text)' is not HOST:PORT") }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            guard !hostPart.contains(":") else { throw ConfigError("write IPv6 addresses in brackets: [::1]:6667") }
        }
        guard !hostPart.isEmpty, let port = Int(portPart), (0...65535).contains(port) else {
            throw ConfigError("'\(text)' is not HOST:PORT with a port from 0 to 65535")
        }
        host = String(hostPart)
        self.port = port
    }

    /// `HOST:PORT`.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
