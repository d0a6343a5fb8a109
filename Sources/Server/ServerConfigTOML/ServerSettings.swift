import IRCProtocol
import ServerCore
import TOMLKit
import TOMLPrecheck

/// The server's settings read from a TOML file: the core's `ServerConfig` plus what only
/// the entry point needs (listen addresses, database path).
public struct ServerSettings: Sendable {
    /// The core configuration.
    public var config = ServerConfig()
    /// `HOST:PORT` strings to listen on (empty: the command line's default).
    public var listen: [ListenAddress] = []
    /// The database path (used by accounts and history, part 2).
    public var databasePath: String?
    /// Addresses to listen on with TLS (`[tls] listen`).
    public var tlsListen: [ListenAddress] = []
    /// The PEM certificate chain for the TLS listeners (`[tls] cert`).
    public var tlsCertificatePath: String?
    /// The PEM private key for the TLS listeners (`[tls] key`).
    public var tlsKeyPath: String?
    /// Publish the server on the local network over mDNS/DNS-SD (`[server] announce`, off by
    /// default: sharing a server with the LAN is the user's choice).
    public var announce = false

    /// Default settings.
    public init() {}

    /// Parses a TOML document. Unknown keys are errors, so a typo never goes unnoticed.
    public init(toml text: String) throws(ConfigError) {
        // Read into a whole value: a typed throw out of the initializer's own body, with
        // `self` only partly written, crashed in the compiler's clean-up of `self` once
        // `ServerConfig` grew a field (Swift 6.3.1, debug build: swift_release of a bad
        // pointer in "outlined destroy of ServerSettings").
        // It came back when `ServerConfig` grew two more fields (the same crash, with
        // `self.init()` then a mutating read): the settings are now read by a function that
        // does not throw, and the error thrown here, after `self` is whole.
        switch Self.parse(text) {
        case .success(let settings): self = settings
        case .failure(let error): throw error
        }
    }

    private static func parse(_ text: String) -> Result<ServerSettings, ConfigError> {
        var settings = ServerSettings()
        do {
            try settings.read(text)
        } catch {
            return .failure(error)
        }
        return .success(settings)
    }

    private mutating func read(_ text: String) throws(ConfigError) {
        if let problem = TOMLPrecheck.problem(in: text) { throw ConfigError("TOML syntax error at \(problem)") }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError("TOML syntax error at line \(error.source.begin.line): \(error.description)")
        } catch {
            throw ConfigError("TOML syntax error: \(error)")
        }
        try Self.checkKeys(root, allowed: ["server", "limits", "operator", "tls", "accounts"], in: "top level")
        if let server = root["server"] {
            guard let t = server.table else { throw ConfigError("[server] must be a table") }
            try Self.checkKeys(t, allowed: ["name", "network", "info", "listen", "db", "password", "motd", "casemapping", "announce", "node"], in: "[server]")
            if let v = try Self.string(t, "name") { config.serverName = v }
            if let v = try Self.string(t, "network") { config.networkName = v }
            if let v = try Self.string(t, "info") { config.serverInfo = v }
            if let v = try Self.string(t, "db") { databasePath = v }
            if let v = try Self.string(t, "node") { config.node = v }
            if let v = try Self.string(t, "password") { config.password = v }
            if let v = try Self.strings(t, "motd") { config.motd = v }
            if let v = t["announce"] {
                guard let flag = v.bool else { throw ConfigError("[server] announce must be true or false") }
                announce = flag
            }
            if let v = try Self.strings(t, "listen") { listen = try v.map { s throws(ConfigError) in try ListenAddress(parsing: s) } }
            if let v = try Self.string(t, "casemapping") {
                guard let cm = CaseMapping(rawValue: v) else { throw ConfigError("[server] casemapping must be ascii, rfc1459 or strict-rfc1459") }
                config.caseMapping = cm
            }
        }
        if let limits = root["limits"] {
            guard let t = limits.table else { throw ConfigError("[limits] must be a table") }
            let ints: [(String, WritableKeyPath<ServerConfig, Int>)] = [
                ("nick_length", \.maxNickLength), ("channel_length", \.maxChannelLength), ("topic_length", \.maxTopicLength),
                ("away_length", \.maxAwayLength), ("kick_length", \.maxKickLength), ("realname_length", \.maxRealnameLength),
                ("channels_per_client", \.maxChannelsPerClient), ("max_bans", \.maxBans), ("max_targets", \.maxTargets),
                ("flood_queue", \.floodMaxQueuedLines), ("connections_per_ip", \.maxConnectionsPerIP),
                ("max_connections", \.maxConnections), ("sendq_bytes", \.sendQueueBytes),
            ]
            let doubles: [(String, WritableKeyPath<ServerConfig, Double>)] = [
                ("registration_timeout", \.registrationTimeout), ("ping_interval", \.pingInterval),
                ("ping_timeout", \.pingTimeout), ("flood_burst", \.floodBurst), ("flood_rate", \.floodRate),
                ("flood_reconnect_delay", \.floodReconnectDelay),
            ]
            try Self.checkKeys(t, allowed: Set(ints.map(\.0) + doubles.map(\.0)), in: "[limits]")
            for (key, path) in ints {
                guard let value = t[key] else { continue }
                guard let n = value.int, n >= 0 else { throw ConfigError("[limits] \(key) must be a whole number ≥ 0") }
                config[keyPath: path] = n
            }
            for (key, path) in doubles {
                guard let value = t[key] else { continue }
                // The bound keeps `inf`, `nan` and 1e300 out of timers and rates.
                guard let n = value.double ?? value.int.map(Double.init), n >= 0, n <= 1e9 else {
                    throw ConfigError("[limits] \(key) must be a number from 0 to 1e9")
                }
                config[keyPath: path] = n
            }
        }
        if let tls = root["tls"] {
            try readTLS(tls, text: text)
        }
        if let accounts = root["accounts"] {
            guard let t = accounts.table else { throw ConfigError("[accounts] must be a table") }
            let flags: [(String, WritableKeyPath<ServerConfig.Registration, Bool>)] = [
                ("registration", \.enabled), ("before_connect", \.beforeConnect), ("email_required", \.emailRequired),
            ]
            let userFlags: [(String, WritableKeyPath<ServerConfig, Bool>)] = [("multiclient", \.multiclient), ("always_on", \.alwaysOn)]
            try Self.checkKeys(t, allowed: Set(flags.map(\.0) + userFlags.map(\.0) + ["password_min_length", "verification_timeout"]),
                               in: "[accounts]")
            for (key, path) in flags {
                guard let value = t[key] else { continue }
                guard let flag = value.bool else { throw ConfigError("[accounts] \(key) must be true or false") }
                config.registration[keyPath: path] = flag
            }
            for (key, path) in userFlags {
                guard let value = t[key] else { continue }
                guard let flag = value.bool else { throw ConfigError("[accounts] \(key) must be true or false") }
                config[keyPath: path] = flag
            }
            if let value = t["password_min_length"] {
                guard let n = value.int, n >= 1, n <= 300 else { throw ConfigError("[accounts] password_min_length must be a whole number from 1 to 300") }
                config.registration.minPasswordLength = n
            }
            if let value = t["verification_timeout"] {
                guard let n = value.double ?? value.int.map(Double.init), n >= 1, n <= 1e9 else {
                    throw ConfigError("[accounts] verification_timeout must be a number of seconds from 1 to 1e9")
                }
                config.registration.verificationTimeout = n
            }
        }
        if let operators = root["operator"] {
            guard let array = operators.array else { throw ConfigError("operators are written [[operator]]") }
            for entry in array {
                guard let t = entry.table else { throw ConfigError("each [[operator]] must be a table") }
                try Self.checkKeys(t, allowed: ["name", "password", "host"], in: "[[operator]]")
                guard let name = try Self.string(t, "name"), let password = try Self.string(t, "password") else {
                    throw ConfigError("[[operator]] needs name and password")
                }
                config.operators.append(.init(name: name, password: password, hostMask: try Self.string(t, "host") ?? "*"))
            }
        }
    }

    /// `[tls]`: `listen = ["HOST:PORT", …]`, `cert = "FILE"`, `key = "FILE"`. Errors name the
    /// line of the key at fault (TOMLKit keeps no positions, so the text is searched).
    private mutating func readTLS(_ value: any TOMLValueConvertible, text: String) throws(ConfigError) {
        guard let t = value.table else { throw ConfigError("[tls] must be a table") }
        func at(_ key: String, _ error: ConfigError) -> ConfigError {
            guard let line = Self.line(of: key, in: "tls", text: text) else { return ConfigError("[tls] \(error.description)") }
            return ConfigError("line \(line): [tls] \(error.description)")
        }
        do {
            try Self.checkKeys(t, allowed: ["listen", "cert", "key"], in: "[tls]")
        } catch {
            throw ConfigError(error.description)
        }
        do {
            if let v = try Self.strings(t, "listen") {
                tlsListen = try v.map { s throws(ConfigError) in try ListenAddress(parsing: s) }
            }
        } catch {
            throw at("listen", error)
        }
        for (key, path) in [("cert", \ServerSettings.tlsCertificatePath), ("key", \.tlsKeyPath)] {
            let v: String?
            do {
                v = try Self.string(t, key)
            } catch {
                throw at(key, error)
            }
            guard let v else { continue }
            guard !v.isEmpty else { throw at(key, ConfigError("'\(key)' must name a file")) }
            self[keyPath: path] = v
        }
    }

    /// The 1-based line where `key = …` is written inside `[section]`, if it can be found.
    static func line(of key: String, in section: String, text: String) -> Int? {
        var current = ""
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") {
                current = String(line.dropFirst().prefix { $0 != "]" }.filter { !$0.isWhitespace })
                continue
            }
            guard current == section, line.hasPrefix(key) else { continue }
            let rest = line.dropFirst(key.count).trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if rest.hasPrefix("=") { return index + 1 }
        }
        return nil
    }

    private static func checkKeys(_ table: TOMLTable, allowed: Set<String>, in section: String) throws(ConfigError) {
        for key in table.keys where !allowed.contains(key) {
            throw ConfigError("unknown key '\(key)' in \(section) (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    private static func string(_ table: TOMLTable, _ key: String) throws(ConfigError) -> String? {
        guard let value = table[key] else { return nil }
        guard let s = value.string else { throw ConfigError("'\(key)' must be a string") }
        return s
    }

    private static func strings(_ table: TOMLTable, _ key: String) throws(ConfigError) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw ConfigError("'\(key)' must be an array of strings") }
        var out: [String] = []
        for item in array {
            guard let s = item.string else { throw ConfigError("'\(key)' must be an array of strings") }
            out.append(s)
        }
        return out
    }
}

/// A configuration problem, with a message fit for the user.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and where.
    public let description: String
    /// Makes an error.
    public init(_ description: String) { self.description = description }
}
