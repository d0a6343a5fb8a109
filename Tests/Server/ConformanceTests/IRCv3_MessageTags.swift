import Testing

/// IRCv3 message-tags and msgid (echo-message and server-time have files of their own).
@Suite struct IRCv3_MessageTags {
    /// message-tags: client-only tags reach recipients that negotiated message-tags, and
    /// "Servers MUST NOT send messages with tags to clients that haven't negotiated
    /// message-tags (or another capability implying tags)"; TAGMSG goes only to them.
    @Test func clientTagsOnlyToClientsThatAskedForTags() throws {
        let server = try ServerProcess()
        let sender = try server.connect()
        try sender.register("sender", caps: ["message-tags"])
        let tagged = try server.connect()
        try tagged.register("tagged", caps: ["message-tags"])
        let plain = try server.connect()
        try plain.register("plain")
        for c in [sender, tagged, plain] { try c.exchange("JOIN #mt") }
        try sender.exchange("@+example.com/reply=abc;+typing=active PRIVMSG #mt :hello", "@+typing=done TAGMSG #mt")
        let got = try tagged.sync()
        let pm = try #require(got.with("PRIVMSG").first)
        #expect(pm.tags["+example.com/reply"] == "abc" && pm.tags["+typing"] == "active")
        #expect(pm.tags["msgid"] != nil, "msgid with message-tags")
        #expect(got.with("TAGMSG").first?.tags["+typing"] == "done")
        let plainGot = try plain.sync()
        #expect(plainGot.with("PRIVMSG").first?.raw.hasPrefix(":") == true, "no tags at all: \(plainGot)")
        #expect(!plainGot.has("TAGMSG"))
    }

    /// "the server MUST send … ERR_INPUTTOOLONG (417)" when the tags of a client message
    /// exceed 4094 bytes; the connection stays usable.
    @Test func overlongTagsAre417() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        try c.register("verbose", caps: ["message-tags"])
        let replies = try c.exchange("@+big=\(String(repeating: "x", count: 4200)) PRIVMSG verbose :hi")
        #expect(replies.commands == ["417"], "\(replies)")
    }
}
