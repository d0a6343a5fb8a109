#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a user's files go, by one rule for the whole project (the XDG Base Directory
/// specification): `$XDG_DATA_HOME`, `$XDG_CONFIG_HOME` and `$XDG_RUNTIME_DIR` count only when
/// absolute ("If an implementation encounters a relative path in any of these variables it
/// should consider the path invalid and ignore it"), else `~/.local/share` and `~/.config`;
/// the home is `$HOME` when absolute, else the account's home from the password database.
/// A path written in a config file goes through `resolve`: `~` and `~/…` are the home, a
/// relative path is relative to the config file's folder.
public struct UserDirectories: Sendable {
    /// The environment the folders are read from.
    public let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The home folder, without a trailing slash.
    public var home: String {
        if let home = absolute("HOME") { return home }
        if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir {
            let path = String(cString: dir)
            if path.hasPrefix("/") { return Self.trimmed(path) }
        }
        return "/"
    }

    /// `$XDG_DATA_HOME`, else `~/.local/share`.
    public var dataHome: String { absolute("XDG_DATA_HOME") ?? join(home, ".local/share") }

    /// `$XDG_CONFIG_HOME`, else `~/.config`.
    public var configHome: String { absolute("XDG_CONFIG_HOME") ?? join(home, ".config") }

    /// `$XDG_RUNTIME_DIR`, when set and absolute.
    public var runtimeDirectory: String? { absolute("XDG_RUNTIME_DIR") }

    /// Tachikoma's data folder: `<dataHome>/tachikoma` (dictionary, word book, skins, server database).
    public var tachikomaData: String { dataHome + "/tachikoma" }

    /// Tachikoma's config folder: `<configHome>/tachikoma` (config.toml, chat.toml).
    public var tachikomaConfig: String { configHome + "/tachikoma" }

    /// A path written in a config file: `~` or `~/…` from the home, an absolute path as it is,
    /// a relative one from `base` (the folder of the file it was written in).
    public func resolve(_ path: String, relativeTo base: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return join(home, String(path.dropFirst(2))) }
        if path.hasPrefix("/") { return path }
        return join(base, path)
    }

    private func absolute(_ name: String) -> String? {
        guard let value = environment[name], value.hasPrefix("/") else { return nil }
        return Self.trimmed(value)
    }

    private func join(_ base: String, _ rest: String) -> String {
        base == "/" ? "/" + rest : base + "/" + rest
    }

    static func trimmed(_ path: String) -> String {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }
}
