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
}
