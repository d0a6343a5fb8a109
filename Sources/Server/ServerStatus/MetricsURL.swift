/// Where to scrape: `http://host:port/path`, or a plain `HOST:PORT` (path `/metrics`), as
/// `tachikoma-server status --metrics` takes it. Only plain HTTP: the endpoint is meant for
/// loopback.
public struct MetricsURL: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var path: String

    /// The default: what `tachikoma-server --metrics 127.0.0.1:9105` serves (the address README and DEPLOY.md use).
    public static let standard = MetricsURL(host: "127.0.0.1", port: 9105, path: "/metrics")

    public init(host: String, port: Int, path: String) {
        self.host = host
        self.port = port
        self.path = path
    }

    /// Why a URL is not usable.
    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Parses `http://host[:port][/path]`, `host:port[/path]`, `[v6]:port`; the port of a
    /// URL without one is 80.
    public init(parsing text: String) throws(Invalid) {
        var rest = Substring(text)
        guard !rest.isEmpty else { throw Invalid(description: "empty address") }
        guard rest.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw Invalid(description: "'\(text)' contains spaces or characters not allowed in a URL")
        }
        var defaultPort: Int?
        if let schemeEnd = Self.schemeEnd(rest) {
            let scheme = rest[..<schemeEnd].lowercased()
            guard scheme == "http" else {
                throw Invalid(description: scheme == "https"
                    ? "https is not supported: the metrics endpoint is plain HTTP on loopback"
                    : "unsupported scheme '\(scheme)' (use http://HOST:PORT/metrics)")
            }
            rest = rest[rest.index(schemeEnd, offsetBy: 3)...]
            defaultPort = 80
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = rest[slash...].isEmpty ? "/metrics" : String(rest[slash...])
        guard !authority.contains("@") else { throw Invalid(description: "user names in the URL are not supported") }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw Invalid(description: "unclosed '[' in '\(text)'") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw Invalid(description: "expected ':PORT' after ']' in '\(text)'") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw Invalid(description: "no host in '\(text)'") }
        guard host.unicodeScalars.allSatisfy({ ($0.properties.isASCIIHexDigit || $0.properties.isAlphabetic || "-._:".unicodeScalars.contains($0)) }) else {
            throw Invalid(description: "'\(host)' is not a host name or address")
        }
        let port: Int
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else {
                throw Invalid(description: "'\(portText)' is not a port (1-65535) in '\(text)'")
            }
            port = p
        } else if let defaultPort {
            port = defaultPort
        } else {
            throw Invalid(description: "'\(text)' has no port: give HOST:PORT or http://HOST:PORT/metrics")
        }
        guard !path.contains("#") else { throw Invalid(description: "fragments ('#') are not allowed in '\(text)'") }
        self.init(host: String(host), port: port, path: path)
    }

    /// Where `://` starts, if the text has a scheme.
    static func schemeEnd(_ s: Substring) -> Substring.Index? {
        var i = s.startIndex
        while i < s.endIndex {
            if s[i...].hasPrefix("://") { return i }
            guard s[i].isLetter else { return nil }
            i = s.index(after: i)
        }
        return nil
    }

    /// `host:port`, as error messages name the endpoint.
    public var authority: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The full URL.
    public var description: String { "http://\(authority)\(path)" }
}
