import Testing

/// IRCv3 MONITOR (ircv3.net/specs/extensions/monitor) and extended-monitor.
@Suite struct IRCv3_Monitor {
    /// "the server MUST send RPL_MONONLINE … when a nickname on their monitor list comes
    /// online" and RPL_MONOFFLINE when it goes offline — a nick change is both: the old nick
    /// goes offline, the new one comes online.
    @Test func nickChangesAreReported() throws {
        let server = try ServerProcess()
        let watcher = try server.connect()
        try watcher.register("watcher")
        let friend = try server.connect()
        try friend.register("friend")
        let start = try watcher.exchange("MONITOR + friend,friend_away")
        #expect(start.with("730").first?.trailing.hasPrefix("friend!") == true, "\(start)")
        #expect(start.with("731").first?.trailing == "friend_away")
        try friend.exchange("NICK friend_away")
        let seen = try watcher.sync()
        #expect(seen.with("731").map(\.trailing) == ["friend"], "\(seen)")
        #expect(seen.with("730").first?.trailing.hasPrefix("friend_away!") == true, "\(seen)")
        try friend.exchange("NICK someone_else")
        let again = try watcher.sync()
        #expect(again.with("731").map(\.trailing) == ["friend_away"], "\(again)")
        #expect(!again.has("730"))
    }

    /// extended-monitor: "the server MUST also send notifications for the monitored users
    /// … as if they shared a channel: away-notify, account-notify, setname, chghost" — for
    /// a watcher that negotiated the respective capability and shares no channel.
    @Test func extendedMonitorSetnameAndAccountNotify() throws {
        let server = try ServerProcess()
        let watcher = try server.connect()
        try watcher.register("watcher", caps: ["extended-monitor", "setname", "account-notify", "away-notify"])
        let friend = try server.connect()
        try friend.register("friend", caps: ["setname", "draft/account-registration"])
        try watcher.exchange("MONITOR + friend")
        try friend.exchange("SETNAME :A New Name")
        let setname = try watcher.sync().with("SETNAME")
        #expect(setname.map(\.params) == [["A New Name"]], "SETNAME to a monitoring watcher")
        try friend.exchange("AWAY :out")
        #expect(try watcher.sync().with("AWAY").count == 1)
        // REGISTER waits on storage; its answer still comes before the PONG of a later PING.
        let registered = try friend.exchange("REGISTER * * a-long-enough-password")
        #expect(registered.contains { $0.command == "REGISTER" && $0.params.first == "SUCCESS" }, "\(registered)")
        let account = try watcher.sync().with("ACCOUNT")
        #expect(account.map(\.params) == [["friend"]], "ACCOUNT to a monitoring watcher")
    }

    /// A nick that only changes case is the same MONITOR target: the watcher hears neither
    /// RPL_MONOFFLINE nor RPL_MONONLINE (ergo; irctest testNickChange).
    @Test func aCaseOnlyNickChangeIsNotReported() throws {
        let server = try ServerProcess()
        let watcher = try server.connect()
        try watcher.register("watcher")
        let target = try server.connect()
        try target.register("qux")
        #expect(try watcher.exchange("MONITOR + qux").with("730").count == 1)
        try target.exchange("NICK QUX")
        let seen = try watcher.sync()
        #expect(!seen.has("730") && !seen.has("731"), "\(seen)")
        try target.exchange("NICK quux")
        let renamed = try watcher.sync()
        #expect(renamed.with("731").count == 1, "a real change still reports offline: \(renamed)")
    }
}
