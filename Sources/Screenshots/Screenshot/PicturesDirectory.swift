import UserDirectories
/// Where screenshots go by default: the XDG pictures directory + `/tachikoma`.
/// `$XDG_PICTURES_DIR` if set, else `XDG_PICTURES_DIR` from `user-dirs.dirs`
/// (`$XDG_CONFIG_HOME/user-dirs.dirs`, else `~/.config/user-dirs.dirs`), else `~/Pictures`.
public enum PicturesDirectory {
    /// The path of the `user-dirs.dirs` file to read for `environment`.
    public static func userDirsPath(environment: [String: String]) -> String {
        UserDirectories(environment: environment).configHome + "/user-dirs.dirs"
    }

    /// The screenshot directory, given the environment and the contents of `user-dirs.dirs`
    /// (nil when there is none).
    public static func screenshots(environment: [String: String], userDirs: String?) -> String {
        pictures(environment: environment, userDirs: userDirs) + "/tachikoma"
    }

    /// The pictures directory itself.
    public static func pictures(environment: [String: String], userDirs: String?) -> String {
        if let dir = environment["XDG_PICTURES_DIR"], dir.hasPrefix("/") { return trimmed(dir) }
        if let userDirs, let dir = parse(userDirs, home: home(environment)) { return trimmed(dir) }
        return home(environment) + "/Pictures"
    }

    /// `XDG_PICTURES_DIR="$HOME/Pictures"` from a user-dirs.dirs file, `$HOME` expanded;
    /// nil when absent or not absolute (the format allows only `$HOME/…` or `/…`).
    static func parse(_ text: String, home: String) -> String? {
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            guard line.hasPrefix("XDG_PICTURES_DIR="), !line.hasPrefix("#") else { continue }
            var value = String(line.dropFirst("XDG_PICTURES_DIR=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            if value.hasPrefix("$HOME") { value = home + value.dropFirst("$HOME".count) }
            guard value.hasPrefix("/") else { return nil }
            // "$HOME/" alone means the home directory, which the spec treats as disabled.
            return trimmed(value) == trimmed(home) ? nil : value
        }
        return nil
    }

    private static func home(_ environment: [String: String]) -> String {
        UserDirectories(environment: environment).home
    }

    private static func trimmed(_ path: String) -> String {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }
}
