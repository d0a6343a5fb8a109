import Testing

/// IRCv3 labeled-response (ircv3.net/specs/extensions/labeled-response).
@Suite struct IRCv3_LabeledResponse {
    static let caps = ["labeled-response", "batch", "message-tags"]

    /// "If a response consists of a single message, the server MUST use the label tag on
    /// that message directly" (here: PING's single PONG).
    @Test func singleResponseCarriesTheLabel() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("labeler", caps: Self.caps)
        let replies = try c.exchange("@label=abc PING :tok")
        let pong = try #require(replies.with("PONG").first)
        #expect(pong.tags["label"] == "abc")
        #expect(pong.trailing == "tok")
    }

    /// A message to oneself with echo-message is answered by the echo and the delivery: the
    /// echo is the response and carries the label; the delivery is a message like any other,
    /// not part of the response, so there is no batch (irctest
    /// testLabeledPrivmsgResponsesToSelf and testMessagesToSelf: "exactly one of the replies
    /// MUST be labeled"; ergo does the same).
    @Test(arguments: ["PRIVMSG selfie :hi", "NOTICE selfie :hi", "@+x=y TAGMSG selfie"])
    func messagesToOneselfAreLabeledOnce(line: String) throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("selfie", caps: Self.caps + ["echo-message"])
        let tagged = line.hasPrefix("@") ? "@label=L1;" + line.dropFirst() : "@label=L1 " + line
        let replies = try c.exchange(String(tagged))
        let labeled = replies.filter { $0.tags["label"] == "L1" }
        #expect(labeled.count == 1, "\(replies)")
        #expect(!replies.has("BATCH") && replies.allSatisfy { $0.tags["batch"] == nil }, "no batch: \(replies)")
        let command = line.hasPrefix("@") ? "TAGMSG" : String(line.split(separator: " ")[0])
        #expect(replies.with(command).count == 2, "echo and delivery: \(replies)")
    }

    /// An unknown command is answered with ERR_UNKNOWNCOMMAND (421), labeled — a numeric,
    /// not a FAIL (Modern: "ERR_UNKNOWNCOMMAND … Returned to a registered client to indicate
    /// that the command they sent isn't known by the server").
    @Test func unknownLabeledCommandIs421() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("unknowner", caps: Self.caps)
        let replies = try c.exchange("@label=q1 FROBNICATE now")
        #expect(replies.count == 1, "\(replies)")
        #expect(replies.first?.command == "421")
        #expect(replies.first?.tags["label"] == "q1")
        #expect(replies.first?.params.dropFirst().first == "FROBNICATE")
    }

    /// "Servers MUST respond with a labeled ACK message when a client sends a labeled command
    /// that normally produces no response. It takes no additional parameters" — the spec's
    /// own example (a PONG), and a PRIVMSG to someone else without echo-message.
    @Test func noResponseIsALabeledAck() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("acker", caps: Self.caps)
        let other = try server.connect()
        try other.register("other")
        for (label, line) in [("abc", "PONG :foobar"), ("def", "PRIVMSG other :hello")] {
            let replies = try c.exchange("@label=\(label) \(line)")
            #expect(replies.count == 1, "\(line): \(replies)")
            let ack = try #require(replies.first)
            #expect(ack.command == "ACK" && ack.params.isEmpty && ack.tags["label"] == label, "\(ack)")
            #expect(ack.source == server.serverName)
        }
        #expect(try other.sync().with("PRIVMSG").map(\.trailing) == ["hello"])
    }

    /// "If a response consists of more than one message, a batch MUST be used to group them
    /// into a single logical response. The start of the batch MUST be tagged with the label
    /// tag." and "Servers MUST include the tag in exactly one logical message." — WHOIS, as
    /// in the spec's example.
    @Test func aMultiLineResponseIsOneLabeledBatch() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("asker", caps: Self.caps)
        let replies = try c.exchange("@label=mGhe5V7RTV WHOIS asker")
        let open = try #require(replies.first)
        #expect(open.command == "BATCH" && open.param(1) == "labeled-response" && open.tags["label"] == "mGhe5V7RTV", "\(replies)")
        #expect(replies.filter { $0.tags["label"] != nil }.count == 1, "\(replies)")
        let ref = String(open.param(0).dropFirst())
        #expect(replies.last?.command == "BATCH" && replies.last?.param(0) == "-" + ref)
        let inside = replies.dropFirst().dropLast()
        #expect(inside.allSatisfy { $0.tags["batch"] == ref }, "\(replies)")
        #expect(inside.first?.command == "311" && inside.last?.command == "318", "\(replies)")
    }

    /// "the server MUST include the same tag and value in any response produced from this
    /// message" — also when the answer waits on storage (REGISTER, CHATHISTORY, AUTHENTICATE
    /// after registration), and errors too (the spec's example: "Failed PRIVMSG with
    /// ERR_NOSUCHNICK").
    @Test func storageBackedAndFailedCommandsAreLabeled() throws {
        let server = try Fixture.server(accounts: ["labeluser"])
        let c = try server.connect()
        try c.register("newcomer", caps: Self.caps + ["draft/account-registration", "draft/chathistory", "sasl"])
        try c.exchange("JOIN #l", "PRIVMSG #l :remember me")
        let registered = try c.exchange("@label=r1 REGISTER * * newcomers-password")
        #expect(registered.filter { $0.tags["label"] != nil }.map { $0.tags["label"] ?? "" } == ["r1"], "\(registered)")
        #expect(registered.contains { $0.command == "REGISTER" && $0.param(0) == "SUCCESS" })
        let history = try c.exchange("@label=h1 CHATHISTORY LATEST #l * 10")
        #expect(history.first?.tags["label"] == "h1" && history.first?.command == "BATCH", "\(history)")
        #expect(history.filter { $0.tags["label"] != nil }.count == 1)
        let missing = try c.exchange("@label=dc11f13f11 PRIVMSG nobody-here :Hello")
        #expect(missing.map(\.command) == ["401"] && missing.first?.tags["label"] == "dc11f13f11", "\(missing)")
    }

    /// A command word outside the grammar (here with `_`) is still a command the server does
    /// not know: ERR_UNKNOWNCOMMAND, labeled — "the server MUST … the response" (irctest
    /// testUnknownCommand sends `@label=deadbeef NONEXISTENT_COMMAND`).
    @Test func anUnknownCommandWithAnUnderscoreIsALabeled421() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("underscorer", caps: Self.caps)
        let replies = try c.exchange("@label=deadbeef NONEXISTENT_COMMAND")
        #expect(replies.count == 1, "\(replies)")
        #expect(replies.first?.command == "421" && replies.first?.tags["label"] == "deadbeef", "\(replies)")
        #expect(replies.first?.params.dropFirst().first == "NONEXISTENT_COMMAND", "\(replies)")
    }
}
