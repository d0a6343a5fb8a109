import Foundation
import TerminalHarness
import Testing

/// Debian's WeeChat 3.8 (weechat-headless), a client we did not write, against the real
/// `tachikoma-server` binary over loopback TCP: it logs in with SASL to an account made with
/// `tachikoma-server account add`, joins a channel and talks with a plain line client. What
/// WeeChat shows is read from its logger's files; what it sends, from the other client.
@Suite struct Interop_WeeChat {
    static let channel = "#interop"
    static let buffer = "irc.\(WeeChatProcess.serverName).\(channel)"
    static let serverBuffer = "irc.server.\(WeeChatProcess.serverName)"

    static func login(_ mechanism: String, password: String = "pw-weeuser-secret") -> WeeChatProcess.Login {
        .init(nick: "weenick", user: "weeu", realname: "WeeChat Interop", mechanism: mechanism,
              account: "weeuser", password: password, autojoin: channel)
    }

    /// sasl-3.1: "If authentication is successful, a 900 and 903 numeric will be sent."
    /// extended-join: "JOIN <channel> <accountname> :<realname>"; account-tag: "the server
    /// MUST add this tag to any message sent by a client which is logged into an account".
    /// WeeChat checks the SCRAM server signature itself ("unable to validate server
    /// signature" otherwise), so SCRAM-SHA-256 is checked from both ends.
    @Test(arguments: ["plain", "scram-sha-256"])
    func logsInWithSASLAndExchangesMessages(mechanism: String) throws {
        let server = try Fixture.server(accounts: ["weeuser"])
        let peer = try server.connect()
        try peer.register("peer", caps: ["extended-join", "account-tag", "message-tags"])
        try peer.exchange("JOIN \(Self.channel)")

        let wee = try WeeChatProcess(port: server.port, login: Self.login(mechanism))
        defer { wee.stop() }

        // The login, as WeeChat shows it: 900's and 903's texts, and no SASL error.
        try wee.waitForLine(in: Self.serverBuffer) { $0.count == 3 && $0[2] == "SASL authentication successful" }
        let serverLines = wee.lines(of: Self.serverBuffer).map { $0.joined(separator: " ") }
        #expect(serverLines.contains { $0.contains("You are now logged in as weeuser") }, "\(serverLines)")
        #expect(!serverLines.contains { $0.contains("SASL authentication failed") || $0.contains("unable to validate") })

        // The login, as the server shows it to others: extended-join, the account tag, WHOIS 330.
        let join = try peer.read(until: { $0.command == "JOIN" && $0.nick == "weenick" }, timeout: 30).last!
        #expect(join.source == "weenick!weeu@127.0.0.1")
        #expect(join.params == [Self.channel, "weeuser", "WeeChat Interop"])
        #expect(join.tags["account"] == "weeuser")
        let whois = try peer.exchange("WHOIS weenick")
        #expect(whois.with("330").map(\.params) == [["peer", "weenick", "weeuser", "is logged in as"]], "\(whois)")

        // WeeChat → channel: typed in its channel buffer once it shows the join.
        try wee.waitForLine(in: Self.buffer) { $0.count == 3 && $0[2].contains("has joined \(Self.channel)") }
        try wee.type("hello from WeeChat 你好", in: Self.buffer)
        let message = try peer.read(until: { $0.command == "PRIVMSG" }, timeout: 30).last!
        #expect(message.source == "weenick!weeu@127.0.0.1")
        #expect(message.params == [Self.channel, "hello from WeeChat 你好"])
        #expect(message.tags["account"] == "weeuser")

        // Channel → WeeChat: the line in its channel buffer, from "peer" (channel operator: it
        // made the channel; WeeChat learnt that from NAMES).
        peer.send("PRIVMSG \(Self.channel) :greetings from the test client ☕")
        let shown = try wee.waitForLine(in: Self.buffer) { $0.count == 3 && $0[2] == "greetings from the test client ☕" }
        #expect(shown[1] == "@peer")

        // Private messages both ways: WeeChat opens a query buffer "irc.tk.peer" and answers in it.
        peer.send("PRIVMSG weenick :a private word")
        let query = "irc.\(WeeChatProcess.serverName).peer"
        let privateLine = try wee.waitForLine(in: query) { $0.count == 3 && $0[2] == "a private word" }
        #expect(privateLine[1] == "peer")
        try wee.type("a private answer", in: query)
        let answer = try peer.read(until: { $0.command == "PRIVMSG" }, timeout: 30).last!
        #expect(answer.source == "weenick!weeu@127.0.0.1")
        #expect(answer.params == ["peer", "a private answer"])
        #expect(answer.tags["account"] == "weeuser")

        // /quit: the others see the reason, and WeeChat exits cleanly.
        try wee.type("/quit leaving now", in: Self.serverBuffer)
        let quit = try peer.read(until: { $0.command == "QUIT" }, timeout: 30).last!
        #expect(quit.nick == "weenick")
        #expect(quit.params == ["Quit: leaving now"])
        #expect(try wee.waitForExit() == 0)
    }

    /// sasl-3.1: "If authentication fails, a 904 or 905 numeric will be sent"; WeeChat, told
    /// to disconnect when SASL fails, never registers.
    @Test(arguments: ["plain", "scram-sha-256"])
    func wrongPasswordIsRefused(mechanism: String) throws {
        let server = try Fixture.server(accounts: ["weeuser"])
        let wee = try WeeChatProcess(port: server.port, login: Self.login(mechanism, password: "not-the-password"))
        defer { wee.stop() }
        try wee.waitForLine(in: Self.serverBuffer) { $0.count == 3 && $0[2] == "SASL authentication failed" }
        try wee.waitForLine(in: Self.serverBuffer) { $0.count == 3 && $0[2].contains("disconnected from server") }
        #expect(!wee.lines(of: Self.serverBuffer).contains { $0.count == 3 && $0[2] == "SASL authentication successful" })
        let peer = try server.connect()
        try peer.register("peer")
        #expect(try peer.exchange("WHOIS weenick").has("401"))
    }
}
