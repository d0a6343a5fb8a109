import TerminalHarness
import Testing

/// Modern IRC (modern.ircdocs.horse): connection registration and the connection messages.
@Suite struct ModernIRC_Registration {
    /// "Upon successful completion of the registration process, the server MUST send, in
    /// this order: RPL_WELCOME (001), RPL_YOURHOST (002), RPL_CREATED (003), RPL_MYINFO (004),
    /// at least one RPL_ISUPPORT (005) numeric to the client."
    @Test func welcomeBurstInOrder() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        let burst = try c.register("greeted")
        let numerics = burst.commands.filter { ["001", "002", "003", "004", "005"].contains($0) }
        #expect(Array(numerics.prefix(5)) == ["001", "002", "003", "004", "005"], "\(burst.commands)")
        #expect(burst.first?.command == "001")
        #expect(burst.first?.params.first == "greeted")
    }

    /// "When receiving a PING message, clients or servers must reply to it with a PONG
    /// message with the same <token> value." / "Servers MUST send a <server> parameter".
    @Test func pingIsAnsweredWithPongAndServerName() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("pinger")
        c.send("PING :a token with spaces")
        let pong = try c.expect("PONG")
        #expect(pong.params == [server.serverName, "a token with spaces"])
    }

    /// "If a client tries to send the USER command after they have already completed
    /// registration with the server, the ERR_ALREADYREGISTERED reply should be sent and the
    /// attempt should fail."
    @Test func userAfterRegistrationIs462() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("twice")
        let replies = try c.exchange("USER again 0 * :Again")
        #expect(replies.commands == ["462"])
    }
}

extension ModernIRC_Registration {
    /// The spec requires a non-empty <username> ("If it is empty, the server SHOULD reject
    /// the command with ERR_NEEDMOREPARAMS (even if an empty parameter is provided)") and is
    /// silent on an empty <realname>; ergo rejects that too with ERR_NEEDMOREPARAMS.
    @Test(arguments: ["USER u 0 * :", "USER :", "USER u 0 *"])
    func emptyParametersOfUserAre461(line: String) throws {
        let server = try ServerProcess()
        let c = try server.connect()
        c.send("NICK blank")
        c.send(line)
        c.send("PING after")
        let replies = try c.read(until: { $0.command == "PONG" || $0.command == "001" })
        #expect(replies.first?.command == "461", "\(line): \(replies)")
        #expect(!replies.has("001"))
    }
}
