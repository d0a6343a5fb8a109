import Foundation

/// Where a PostgreSQL database is, read from `postgres://user[:password]@host[:port]/database`
/// (also `postgresql://`), as `--db` and `[server] db` take it.
///
/// A host of `/path` in `?host=` (libpq's spelling) selects a Unix socket folder instead of
/// TCP; `PGPASSWORD` gives a password the URL leaves out, so it need not stand on a command
/// line. TLS follows libpq's `sslmode` (`disable`, the default here; `require`; `verify-ca`;
/// `verify-full`) with `sslrootcert=/file.pem` for the certificate authority (else the
/// system's trust roots); `prefer` and `allow`, which fall back to plain text when TLS
/// fails, are refused rather than silently weaker.
public struct PostgresURL: Hashable, Sendable, CustomStringConvertible {
    /// How the connection uses TLS (libpq's `sslmode` values we accept).
    public enum TLSMode: String, Hashable, Sendable {
        /// Plain text (loopback, a Unix socket, a private network).
        case disable
        /// TLS, without checking who answers (protects against listening, not against an
        /// impostor), as libpq means it.
        case require
        /// TLS; the server's certificate must chain to the trusted authority.
        case verifyCA = "verify-ca"
        /// TLS; chain as `verifyCA`, and the certificate must name the host connected to.
        case verifyFull = "verify-full"
    }

    /// The role to log in as.
    public var user: String
    /// Its password, if the server asks for one.
    public var password: String?
    /// A TCP host name or address (ignored when `socketPath` is set).
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The Unix socket file, from `?host=/folder` (PostgreSQL's `.s.PGSQL.<port>` in it).
    public var socketPath: String?
    /// The database name.
    public var database: String
    /// TLS to the database (`?sslmode=`).
    public var tls: TLSMode = .disable
    /// The certificate authority file (PEM) for `verify-ca` and `verify-full` (`?sslrootcert=`);
    /// nil: the system's trust roots.
    public var rootCertificate: String?

    /// Whether `text` is meant as a database URL rather than a SQLite file path: it names a
    /// scheme (`something://`). Plain paths, even with a colon, stay paths.
    public static func looksLikeURL(_ text: String) -> Bool {
        guard let r = text.range(of: "://") else { return text.lowercased().hasPrefix("postgres:") || text.lowercased().hasPrefix("postgresql:") }
        let scheme = text[..<r.lowerBound]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    /// Reads a URL; throws `PostgresURLError` saying what is wrong.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let lower = text.lowercased()
        guard lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") else {
            throw PostgresURLError(text: text, reason: "only postgres:// (or postgresql://) URLs are supported")
        }
        guard let components = URLComponents(string: text) else {
            throw PostgresURLError(text: text, reason: "not a valid URL")
        }
        guard let user = components.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw PostgresURLError(text: text, reason: "no user name (postgres://USER@host/database)")
        }
        let database = String(components.percentEncodedPath.drop { $0 == "/" }).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresURLError(text: text, reason: "no database name (postgres://user@host/DATABASE)")
        }
        var socket: String?
        var tls = TLSMode.disable
        var rootCertificate: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "host":
                guard let v = item.value, v.hasPrefix("/") else {
                    throw PostgresURLError(text: text, reason: "?host= takes a Unix socket folder (an absolute path)")
                }
                socket = v
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw PostgresURLError(text: text, reason: "sslmode must be disable, require, verify-ca or verify-full "
                                           + "(prefer and allow, which fall back to plain text, are not offered)")
                }
                tls = mode
            case "sslrootcert":
                guard let v = item.value, v.hasPrefix("/") else {
                    throw PostgresURLError(text: text, reason: "sslrootcert takes the absolute path of a PEM file")
                }
                rootCertificate = v
            default:
                throw PostgresURLError(text: text, reason: "unknown parameter '\(item.name)' (known: host, sslmode, sslrootcert)")
            }
        }
        if tls != .disable, socket != nil {
            throw PostgresURLError(text: text, reason: "TLS is for TCP: a Unix socket (?host=/folder) takes sslmode=disable")
        }
        if rootCertificate != nil, tls == .disable || tls == .require {
            throw PostgresURLError(text: text, reason: "sslrootcert is used by sslmode=verify-ca or verify-full only")
        }
        let host = components.host ?? ""
        guard !host.isEmpty || socket != nil else {
            throw PostgresURLError(text: text, reason: "no host (postgres://user@HOST/database, or ?host=/socket/folder)")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw PostgresURLError(text: text, reason: "port \(port) is out of range")
        }
        self.user = user
        self.password = components.percentEncodedPassword?.removingPercentEncoding ?? environment["PGPASSWORD"]
        // URLComponents keeps the brackets of an IPv6 literal.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        self.socketPath = socket.map { $0 + "/.s.PGSQL.\(components.port ?? 5432)" }
        self.database = database
        self.tls = tls
        self.rootCertificate = rootCertificate
    }

    /// The URL without its password, for logs and error messages.
    public var description: String {
        if let socketPath { return "postgres://\(user)@/\(database)?host=\((socketPath as NSString).deletingLastPathComponent)" }
        let h = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(h):\(port)/\(database)" + (tls == .disable ? "" : "?sslmode=" + tls.rawValue)
    }
}

/// A `--db` URL that cannot be used, and why.
public struct PostgresURLError: Error, CustomStringConvertible {
    /// The URL as given (its password, if any, is not repeated).
    public var text: String
    /// What is wrong with it.
    public var reason: String

    /// The message for the operator, with any password in the URL masked.
    public var description: String {
        let shown = (try? NSRegularExpression(pattern: "://([^:@/]*):[^@/]*@"))
            .map { $0.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "://$1:***@") } ?? text
        return "bad database URL '\(shown)': \(reason)"
    }
}
