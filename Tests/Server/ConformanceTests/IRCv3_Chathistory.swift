import TerminalHarness
import Testing

/// IRCv3 draft/chathistory (ircv3.net/specs/extensions/chathistory).
@Suite struct IRCv3_Chathistory {
    static let caps = Fixture.historyCaps + ["echo-message"]

    /// "The server MUST reply with a batch of type chathistory" — here LATEST on a channel,
    /// oldest first.
    @Test func latestOnAChannelReturnsABatch() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("historian", caps: Fixture.historyCaps)
        try c.exchange("JOIN #hist")
        try c.exchange("PRIVMSG #hist :one", "PRIVMSG #hist :two")
        let replies = try c.exchange("CHATHISTORY LATEST #hist * 10")
        let open = try #require(replies.first { $0.command == "BATCH" })
        #expect(open.params.dropFirst().elementsEqual(["chathistory", "#hist"]))
        #expect(replies.batch("chathistory").with("PRIVMSG").map(\.trailing) == ["one", "two"], "\(replies)")
    }

    /// "If a nickname is given as the target then the server SHOULD include history sent
    /// between the current user and the target nickname, including outgoing messages
    /// ("self messages"), so as to give a full conversation." — every subcommand, asked by
    /// both participants (the selections follow irctest's, which ergo passes).
    @Test func privateConversationInEverySubcommandForBothSides() throws {
        let server = try Fixture.server(accounts: ["alice", "bob"])
        let alice = try Fixture.login(server, "alice", caps: Self.caps)
        let bob = try Fixture.login(server, "bob", caps: Self.caps)
        var sent: [Sent] = []
        for i in 0..<10 {
            let (from, to) = i % 2 == 0 ? (alice, "bob") : (bob, "alice")
            sent.append(try from.sendEchoed("PRIVMSG \(to) :message \(i)"))
            // A timestamp anchor cannot tell apart messages of one millisecond: AROUND
            // timestamp=T with limit 3 over three messages at T returns the two first of
            // them. irctest sleeps 2 ms between sends for the same reason; we ask the
            // server's clock instead.
            try from.waitUntilServerTime(after: sent[i].time)
        }
        try alice.sync()
        try bob.sync()
        #expect(Set(sent.map(\.msgid)).count == 10)
        #expect(Set(sent.map(\.time)).count == 10, "each message has its own millisecond")
        let texts = sent.map(\.text)
        func after(_ t: String) -> [String] { sent.filter { $0.time > t }.map(\.text) }
        func before(_ t: String) -> [String] { sent.filter { $0.time < t }.map(\.text) }
        for (c, peer) in [(alice, "bob"), (bob, "alice")] {
            // LATEST
            #expect(try c.history("CHATHISTORY LATEST \(peer) * 20") == texts)
            #expect(try c.history("CHATHISTORY LATEST \(peer) * 5") == Array(texts[5...]))
            #expect(try c.history("CHATHISTORY LATEST \(peer) msgid=\(sent[4].msgid) 20") == Array(texts[5...]))
            #expect(try c.history("CHATHISTORY LATEST \(peer) timestamp=\(sent[4].time) 20") == after(sent[4].time))
            // BEFORE
            #expect(try c.history("CHATHISTORY BEFORE \(peer) msgid=\(sent[6].msgid) 20") == Array(texts[..<6]))
            #expect(try c.history("CHATHISTORY BEFORE \(peer) timestamp=\(sent[6].time) 20") == before(sent[6].time))
            #expect(try c.history("CHATHISTORY BEFORE \(peer) msgid=\(sent[6].msgid) 2") == Array(texts[4..<6]))
            // AFTER
            #expect(try c.history("CHATHISTORY AFTER \(peer) msgid=\(sent[3].msgid) 20") == Array(texts[4...]))
            #expect(try c.history("CHATHISTORY AFTER \(peer) timestamp=\(sent[3].time) 20") == after(sent[3].time))
            #expect(try c.history("CHATHISTORY AFTER \(peer) msgid=\(sent[3].msgid) 3") == Array(texts[4..<7]))
            // BETWEEN, forwards and backwards, with and without a limit
            let first = sent[0].msgid, last = sent[9].msgid
            #expect(try c.history("CHATHISTORY BETWEEN \(peer) msgid=\(first) msgid=\(last) 20") == Array(texts[1..<9]))
            #expect(try c.history("CHATHISTORY BETWEEN \(peer) msgid=\(last) msgid=\(first) 20") == Array(texts[1..<9]))
            #expect(try c.history("CHATHISTORY BETWEEN \(peer) msgid=\(first) msgid=\(last) 3") == Array(texts[1..<4]))
            #expect(try c.history("CHATHISTORY BETWEEN \(peer) msgid=\(last) msgid=\(first) 3") == Array(texts[6..<9]))
            // AROUND
            #expect(try c.history("CHATHISTORY AROUND \(peer) msgid=\(sent[7].msgid) 1") == [texts[7]])
            #expect(try c.history("CHATHISTORY AROUND \(peer) msgid=\(sent[7].msgid) 3") == Array(texts[6..<9]))
            #expect(try c.history("CHATHISTORY AROUND \(peer) timestamp=\(sent[7].time) 3").contains(texts[7]))
        }
        // A third party's conversation with alice is not part of alice–bob.
        let carol = try server.connect()
        try carol.register("carol", caps: Self.caps)
        try carol.exchange("PRIVMSG alice :a separate conversation")
        #expect(try bob.history("CHATHISTORY LATEST alice * 20") == texts)
        #expect(try bob.history("CHATHISTORY LATEST ALICE * 20") == texts)
        #expect(try alice.history("CHATHISTORY LATEST carol * 20") == ["a separate conversation"])
    }

    /// Messages to oneself are one conversation, each message stored once (irctest
    /// testMessagesToSelf; the spec counts "self messages" in a conversation).
    @Test func messagesToOneself() throws {
        let server = try Fixture.server(accounts: ["narcissus"])
        let me = try Fixture.login(server, "narcissus")
        let first = try me.exchange("PRIVMSG narcissus :to myself").with("PRIVMSG")
        #expect(first.count == 1, "one delivery without echo-message")
        try me.exchange("CAP REQ echo-message")
        let second = try me.exchange("PRIVMSG narcissus :to myself again").with("PRIVMSG")
        #expect(second.count == 2, "the echo and the delivery")
        #expect(try me.history("CHATHISTORY LATEST narcissus * 10") == ["to myself", "to myself again"])
    }

    /// "If the client has not negotiated the event-playback capability, the server MUST NOT
    /// send any lines other than PRIVMSG and NOTICE in the reply batch."
    @Test func noEventsWithoutEventPlayback() throws {
        let server = try Fixture.server(accounts: ["alice", "bob"])
        let alice = try Fixture.login(server, "alice", caps: Self.caps)
        try alice.exchange("JOIN #ev")
        try alice.exchange("TOPIC #ev :a topic", "@+example.com/tag=1 TAGMSG #ev", "PRIVMSG #ev :words", "NOTICE #ev :notice")
        try alice.exchange("@+example.com/tag=1 TAGMSG bob", "PRIVMSG bob :hello bob")
        for target in ["#ev", "bob"] {
            let replies = try alice.exchange("CHATHISTORY LATEST \(target) * 50")
            let commands = Set(replies.batch("chathistory").commands)
            #expect(commands.isSubset(of: ["PRIVMSG", "NOTICE"]), "\(target): \(replies)")
            #expect(commands.contains("PRIVMSG"))
        }
    }

    /// "If the client has negotiated event-playback, the server SHOULD send additional lines
    /// relevant to the chat history, including … TAGMSG": kept with its client-only tags,
    /// as are the client-only tags of PRIVMSG (ergo keeps them; irctest testChathistoryTagmsg
    /// and testChathistoryDMClientOnlyTags).
    @Test func tagmsgAndClientOnlyTagsAreKept() throws {
        let server = try Fixture.server(accounts: ["alice", "bob"])
        let alice = try Fixture.login(server, "alice", caps: Self.caps + ["draft/event-playback"])
        let bob = try Fixture.login(server, "bob", caps: Self.caps)
        try alice.exchange("JOIN #tags")
        try bob.exchange("JOIN #tags")
        for target in ["#tags", "bob"] {
            let tagmsg = try alice.sendEchoed("@+client-only-tag-test=success TAGMSG \(target)")
            let privmsg = try alice.sendEchoed("@+client-only-tag-test=private\\svalue PRIVMSG \(target) :hi")
            let replies = try alice.exchange("CHATHISTORY LATEST \(target) * 10")
            let batch = replies.batch("chathistory")
            let tm = try #require(batch.with("TAGMSG").first, "\(replies)")
            #expect(tm.tags["+client-only-tag-test"] == "success")
            #expect(tm.tags["msgid"] == tagmsg.msgid)
            #expect(tm.params == [target])
            let pm = try #require(batch.with("PRIVMSG").last)
            #expect(pm.tags["+client-only-tag-test"] == "private value")
            #expect(pm.tags["msgid"] == privmsg.msgid)
            // bob did not negotiate event-playback: no TAGMSG for him.
            let bobs = try bob.exchange("CHATHISTORY LATEST \(target == "bob" ? "alice" : target) * 10").batch("chathistory")
            #expect(!bobs.has("TAGMSG"))
            #expect(bobs.with("PRIVMSG").last?.tags["+client-only-tag-test"] == "private value")
        }
    }

    /// TARGETS "lists the targets with messages between the two timestamps, with the time of
    /// the latest message of each" — `CHATHISTORY TARGETS <target> <latest_message_timestamp>`,
    /// the timestamp bare (no `timestamp=`, as in the spec's example and as ergo and irctest
    /// have it) — oldest first; a target whose messages all lie outside
    /// the window is left out; with a limit, the targets nearest the first timestamp are
    /// kept (ergo: the window is exclusive, results ascending, limit applied from the first
    /// timestamp's side).
    @Test func targetsInOrderAndWithinTheWindow() throws {
        let server = try Fixture.server(accounts: ["alice", "bob", "carol", "dave"])
        let alice = try Fixture.login(server, "alice", caps: Self.caps)
        try alice.exchange("JOIN #room")
        let early = try alice.sendEchoed("PRIVMSG bob :before the window")
        try alice.waitUntilServerTime(after: early.time)
        let carol = try alice.sendEchoed("PRIVMSG carol :inside")
        try alice.waitUntilServerTime(after: carol.time)
        let room = try alice.sendEchoed("PRIVMSG #room :inside too")
        try alice.waitUntilServerTime(after: room.time)
        let late = try alice.sendEchoed("PRIVMSG dave :after the window")
        #expect(early.time < carol.time && room.time < late.time, "distinct instants: \([early, carol, room, late])")
        func targets(_ a: String, _ b: String, _ limit: Int) throws -> [[String]] {
            let replies = try alice.exchange("CHATHISTORY TARGETS timestamp=\(a) timestamp=\(b) \(limit)")
            #expect(replies.contains { $0.command == "BATCH" && $0.params.count >= 2 && $0.param(1) == "draft/chathistory-targets" })
            return replies.batch("draft/chathistory-targets").with("CHATHISTORY").map { Array($0.params.dropFirst()) }
        }
        let window = try targets(early.time, late.time, 10)
        #expect(window == [["carol", carol.time], ["#room", room.time]])
        #expect(try targets(late.time, early.time, 10) == window, "ascending either way")
        #expect(try targets(early.time, late.time, 1) == [window[0]])
        #expect(try targets(late.time, early.time, 1) == [window[1]])
        // The window selects by each target's latest message: once carol's conversation goes
        // on past the window it is no longer in it (irctest
        // testChathistoryTargetsExcludesUpdatedTargets).
        let again = try alice.sendEchoed("PRIVMSG carol :later again")
        #expect(again.time > late.time || again.time == late.time)
        #expect(try targets(early.time, late.time, 10) == [["#room", room.time]])
    }

    /// "FAIL CHATHISTORY INVALID_TARGET <subcommand> <target>" for a channel that does not
    /// exist and for one the client is not in (irctest testInvalidTargets).
    @Test func invalidTargets() throws {
        let server = try Fixture.server(accounts: ["alice"])
        let alice = try Fixture.login(server, "alice")
        let other = try server.connect()
        try other.register("other")
        try other.exchange("JOIN #real")
        for target in ["#nonexistent", "#real"] {
            let reply = try #require(try alice.exchange("CHATHISTORY LATEST \(target) * 10").first)
            #expect(reply.command == "FAIL")
            #expect(Array(reply.params.prefix(4)) == ["CHATHISTORY", "INVALID_TARGET", "LATEST", target])
        }
    }

    /// "If the server receives a CHATHISTORY command with missing parameters, the
    /// NEED_MORE_PARAMS error code MUST be returned."
    @Test func missingParameters() throws {
        let server = try Fixture.server(accounts: ["alice"])
        let alice = try Fixture.login(server, "alice")
        for line in ["CHATHISTORY", "CHATHISTORY LATEST #x"] {
            let reply = try #require(try alice.exchange(line).first)
            #expect(reply.command == "FAIL" && Array(reply.params.prefix(2)) == ["CHATHISTORY", "NEED_MORE_PARAMS"], "\(line): \(reply)")
        }
    }

    /// Security considerations: "The server MUST verify the current user's identity matches
    /// that of the desired content." A conversation with a guest (no account) belongs to the
    /// guest's nick only while it is not an account: whoever later registers that nick does
    /// not read what the earlier guest said and heard (irctest testChathistoryDMs).
    @Test func aGuestsConversationIsNotInheritedByWhoeverRegistersTheNick() throws {
        let server = try Fixture.server(accounts: ["alice"], extraTOML: "[accounts]\nregistration = true\npassword_min_length = 1\n")
        let alice = try Fixture.login(server, "alice", caps: Self.caps)
        let guest = try server.connect()
        try guest.register("stranger", caps: Self.caps)
        try guest.sendEchoed("PRIVMSG alice :psst, a secret")
        try alice.sendEchoed("PRIVMSG stranger :the secret reply")
        #expect(try alice.history("CHATHISTORY LATEST stranger * 10") == ["psst, a secret", "the secret reply"],
                "the account side keeps its conversation with the guest")
        guest.send("QUIT :bye")
        _ = try guest.readUntilClosed()

        let heir = try server.connect()
        try heir.register("stranger", caps: Self.caps + ["draft/account-registration"])
        let registered = try heir.exchange("REGISTER stranger * heirpassword")
        #expect(registered.contains { $0.command == "REGISTER" && $0.param(0) == "SUCCESS" }, "\(registered)")
        #expect(try heir.history("CHATHISTORY LATEST alice * 10") == [], "the new account sees nothing of the guest's")
        #expect(try alice.history("CHATHISTORY LATEST stranger * 10") == [], "the account is somebody else than the guest")
    }

    /// "If the client has not negotiated the event-playback capability, the server MUST NOT
    /// send any lines other than PRIVMSG and NOTICE in the reply batch. If the client has
    /// negotiated event-playback, the server SHOULD send additional lines relevant to the
    /// chat history, including … TOPIC" (irctest testChathistoryEventPlayback). The limit
    /// counts what the client is sent: without event-playback, only messages.
    @Test func topicChangesArePlayedBackOnlyToClientsThatAsked() throws {
        let server = try Fixture.server(accounts: ["alice", "bob"])
        let alice = try Fixture.login(server, "alice", caps: Self.caps + ["draft/event-playback"])
        let bob = try Fixture.login(server, "bob", caps: Self.caps)
        try alice.exchange("JOIN #events")
        try bob.exchange("JOIN #events")
        var expected: [String] = []
        for i in 0..<3 {
            try alice.exchange("PRIVMSG #events :message \(i)")
            try alice.exchange("TOPIC #events :topic \(i)")
            expected += ["PRIVMSG message \(i)", "TOPIC topic \(i)"]
        }
        let replayed = try alice.exchange("CHATHISTORY LATEST #events * 20").batch("chathistory")
        #expect(replayed.filter { $0.command != "BATCH" }.map { "\($0.command) \($0.trailing)" } == expected, "\(replayed)")
        let topic = try #require(replayed.with("TOPIC").first)
        #expect(topic.nick == "alice" && topic.param(0) == "#events" && topic.tags["msgid"] != nil && topic.tags["time"] != nil)
        let anchored = try alice.exchange("CHATHISTORY BEFORE #events msgid=\(topic.tags["msgid"] ?? "") 10").batch("chathistory")
        #expect(anchored.filter { $0.command != "BATCH" }.map { "\($0.command) \($0.trailing)" } == ["PRIVMSG message 0"])

        let plain = try bob.exchange("CHATHISTORY LATEST #events * 2").batch("chathistory")
        #expect(plain.filter { $0.command != "BATCH" }.map { "\($0.command) \($0.trailing)" } == ["PRIVMSG message 1", "PRIVMSG message 2"],
                "without event-playback only messages, and the limit counts them: \(plain)")
    }
}
