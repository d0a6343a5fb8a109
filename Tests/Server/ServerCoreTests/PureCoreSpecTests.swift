import IRCProtocol
@testable import ServerCore
import Testing

/// The command table, registration, channels, modes and the history path, checked on the pure
/// core: events in, the outbox read back, no socket (issue 19, item 3). Each test quotes the
/// sentence it checks; the same behaviours are checked over TCP in ConformanceTests, which
/// keeps what only sockets show (framing, TLS, slow storage threads).
@Suite struct PureCoreSpecTests {
    // MARK: Modern IRC, Connection Registration

    /// "Upon successful completion of the registration process, the server MUST send, in this
    /// order: RPL_WELCOME (001), RPL_YOURHOST (002), RPL_CREATED (003), RPL_MYINFO (004), at
    /// least one RPL_ISUPPORT (005) numeric …"
    @Test func welcomeNumericsComeInOrder() throws {
        let h = try CoreHarness()
        let welcome = h.register(0, "ann").commands
        #expect(Array(welcome.prefix(5)) == ["001", "002", "003", "004", "005"], "\(welcome)")
    }

    /// NICK: "ERR_NICKNAMEINUSE (433) … Returned when a NICK command cannot be successfully
    /// completed as the desired nickname is already in use on the network." Nicknames compare
    /// case-insensitively under the server's CASEMAPPING (rfc1459: `[` equals `{`).
    @Test func aTakenNickIsRefusedWhateverItsCase() throws {
        let h = try CoreHarness()
        h.register(0, "c[d]")
        h.run(.connect(1))
        h.send(1, "NICK C{D}", "USER u 0 * :u")
        let got = h.take(1)
        #expect(got.first?.command == "433", "\(got.commands)")
        #expect(!got.commands.contains("001"))
    }

    /// PING: "the server MUST reply with a PONG message … with the same token."
    @Test func pingIsAnsweredWithTheSameToken() throws {
        let h = try CoreHarness()
        h.register(0, "ann")
        h.send(0, "PING :a token")
        let pong = try #require(h.take(0).first)
        #expect(pong.command == "PONG" && pong.parameters.last == "a token")
    }

    // MARK: Modern IRC, Channel Operations

    /// JOIN: "If a client's JOIN command to the server is successful, the server MUST send, in
    /// this order: A JOIN message with the client as the message <source> and the channel they
    /// have joined as the first parameter … The channel's topic (with RPL_TOPIC (332) …) … A list
    /// of users currently joined to the channel (with one or more RPL_NAMREPLY (353) numerics
    /// followed by a single RPL_ENDOFNAMES (366) numeric)."
    @Test func joinAnswersJoinTopicThenNames() throws {
        let h = try CoreHarness()
        h.register(0, "ann")
        h.register(1, "bob")
        h.send(0, "JOIN #a", "TOPIC #a :the topic")
        _ = h.take(0)
        h.send(1, "JOIN #a")
        let got = h.take(1).commands
        #expect(got == ["JOIN", "332", "333", "353", "366"], "\(got)")
        #expect(h.take(0).first?.command == "JOIN", "members already there see the JOIN")
    }

    /// "ERR_BADCHANNELKEY (475) … Returned to indicate that a JOIN command failed because the
    /// channel requires a key and the key was either incorrect or not supplied."
    @Test func aKeyedChannelNeedsItsKey() throws {
        let h = try CoreHarness()
        h.register(0, "ann")
        h.register(1, "bob")
        h.send(0, "JOIN #a", "MODE #a +k sesame")
        h.send(1, "JOIN #a wrong")
        #expect(h.take(1).commands == ["475"])
        h.send(1, "JOIN #a sesame")
        #expect(h.take(1).first?.command == "JOIN")
    }

    /// No external messages (+n): "ERR_CANNOTSENDTOCHAN (404) … Indicates that the PRIVMSG /
    /// NOTICE could not be delivered to <channel>"; nobody inside sees the message.
    @Test func outsidersCannotTalkIntoANoExternalChannel() throws {
        let h = try CoreHarness()
        h.register(0, "ann")
        h.register(1, "bob")
        h.send(0, "JOIN #a")
        _ = h.take(0)
        h.send(1, "PRIVMSG #a :knock knock")
        #expect(h.take(1).commands == ["404"])
        #expect(h.take(0).isEmpty)
    }

    /// KICK: "The server MUST … send a KICK message to the channel's members (including the
    /// kicked user)"; only a channel operator may kick (ERR_CHANOPRIVSNEEDED, 482).
    @Test func onlyOperatorsKickAndEveryoneSeesIt() throws {
        let h = try CoreHarness()
        h.register(0, "ann")
        h.register(1, "bob")
        h.send(0, "JOIN #a")
        h.send(1, "JOIN #a")
        _ = (h.take(0), h.take(1))
        h.send(1, "KICK #a ann :no")
        #expect(h.take(1).commands == ["482"])
        h.send(0, "KICK #a bob :out")
        #expect(h.take(0).commands == ["KICK"])
        #expect(h.take(1).commands == ["KICK"])
        #expect(h.core.channels["#a"]?.members.count == 1)
    }

    // MARK: IRCv3 labeled-response and the history path

    /// labeled-response: "the server MUST reply with a single message or batch … tagged with
    /// the label"; "a server that sends no reply … MUST send an ACK".
    @Test func labeledCommandsGetOneAnswerOrAnAck() throws {
        let h = try CoreHarness()
        h.register(0, "ann", caps: "labeled-response batch message-tags")
        h.send(0, "@label=p1 PING x", "@label=w1 WHOIS ann", "@label=q1 PONG x")
        let got = h.take(0)
        #expect(got.filter { $0.tag("label") == "p1" }.commands == ["PONG"])
        #expect(got.filter { $0.tag("label") == "w1" }.commands == ["BATCH"])
        #expect(got.filter { $0.tag("label") == "q1" }.commands == ["ACK"])
    }

    /// Issue 12: a command that waits on storage is answered before the commands sent after
    /// it — "REGISTER then PING gets REGISTER's answer, then the PONG" — even when storage
    /// answers late; the adapter's part (holding the later lines) is the harness's.
    @Test func aStorageCommandIsAnsweredBeforeTheNextOne() throws {
        let h = try CoreHarness()
        h.run(.connect(0))
        h.send(0, "CAP LS 302", "CAP REQ :draft/account-registration", "NICK ann", "USER ann 0 * :ann", "CAP END")
        _ = h.take(0)
        h.send(0, "REGISTER * * password1", "PING tok")
        #expect(h.take(0).isEmpty, "nothing before storage answers")
        #expect(h.pending.count == 1)
        h.run(.answer(0, fail: false))
        let got = h.take(0)
        let register = got.firstIndex { $0.command == "REGISTER" }, pong = got.firstIndex { $0.command == "PONG" }
        #expect(register != nil && pong != nil && register! < pong!, "\(got.commands)")
    }

    /// History before delivery: a channel message is written to storage before any member
    /// sees it; when the write fails, nobody sees it and its sender is told (standard-replies
    /// FAIL).
    @Test func aMessageThatCannotBeStoredReachesNobody() throws {
        let h = try CoreHarness()
        h.register(0, "ann", caps: "echo-message message-tags standard-replies")
        h.register(1, "bob")
        h.send(0, "JOIN #a")
        h.send(1, "JOIN #a")
        _ = (h.take(0), h.take(1))
        h.run(.historyDown(true))
        h.send(0, "PRIVMSG #a :lost")
        #expect(h.take(1).isEmpty, "bob never sees a message that was not stored")
        let told = h.take(0)
        #expect(told.commands == ["FAIL"], "\(told.commands)")
        h.run(.historyDown(false))
        h.send(0, "PRIVMSG #a :kept")
        #expect(h.take(1).map { $0.parameters.last } == ["kept"])
        #expect(h.violations().isEmpty, "\(h.violations())")
    }
}
