import Testing
import UserDirectories

/// One rule for where a user's files go (XDG Base Directory specification) and for paths
/// written in config files.
@Suite struct UserDirectoriesTests {
    @Test func absoluteXDGVariablesWinAndRelativeOnesAreIgnored() {
        let set = UserDirectories(environment: ["HOME": "/home/motoko", "XDG_DATA_HOME": "/data/", "XDG_CONFIG_HOME": "/cfg",
                                                "XDG_RUNTIME_DIR": "/run/user/1000"])
        #expect(set.tachikomaData == "/data/tachikoma")
        #expect(set.tachikomaConfig == "/cfg/tachikoma")
        #expect(set.runtimeDirectory == "/run/user/1000")
        // "If an implementation encounters a relative path in any of these variables it should
        // consider the path invalid and ignore it."
        let relative = UserDirectories(environment: ["HOME": "/home/motoko", "XDG_DATA_HOME": "data", "XDG_CONFIG_HOME": "",
                                                     "XDG_RUNTIME_DIR": "run"])
        #expect(relative.tachikomaData == "/home/motoko/.local/share/tachikoma")
        #expect(relative.tachikomaConfig == "/home/motoko/.config/tachikoma")
        #expect(relative.runtimeDirectory == nil)
    }

    @Test func withoutAnAbsoluteHomeTheAccountsHomeIsUsed() {
        let home = UserDirectories(environment: ["HOME": "relative"]).home
        #expect(home.hasPrefix("/"), "\(home)")
        #expect(!home.contains("~"))
    }

    @Test func configPathsResolveTildeAndRelativeFolders() {
        let dirs = UserDirectories(environment: ["HOME": "/home/batou"])
        #expect(dirs.resolve("~", relativeTo: "/etc") == "/home/batou")
        #expect(dirs.resolve("~/Pictures/shots", relativeTo: "/etc") == "/home/batou/Pictures/shots")
        #expect(dirs.resolve("/srv/shots", relativeTo: "/etc") == "/srv/shots")
        #expect(dirs.resolve("shots", relativeTo: "/home/batou/.config/tachikoma") == "/home/batou/.config/tachikoma/shots")
        #expect(dirs.resolve("~batou/x", relativeTo: "/cfg") == "/cfg/~batou/x", "only ~ and ~/ mean the home")
    }
}
