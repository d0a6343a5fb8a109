import IRCProtocol
import Testing

@Suite struct SerializationTests {
    @Test func colonOnlyWhenNeeded() {
        #expect(IRCMessage("PRIVMSG", "#c", "hi").serialized() == "PRIVMSG #c hi")
        #expect(IRCMessage("PRIVMSG", "#c", "hi there").serialized() == "PRIVMSG #c :hi there")
        #expect(IRCMessage("TOPIC", "#c", "").serialized() == "TOPIC #c :")
        #expect(IRCMessage("PRIVMSG", "#c", ":)").serialized() == "PRIVMSG #c ::)")
        #expect(IRCMessage("QUIT").serialized() == "QUIT")
    }

    @Test func tagsAreEscaped() {
        var m = IRCMessage("TAGMSG", "#c")
        m.setTag("+draft/react", "a; b\\c\r\n")
        m.setTag("flag", "")
        #expect(m.serialized() == #"@+draft/react=a\:\sb\\c\r\n;flag TAGMSG #c"#)
        m.setTag("flag", nil)
        #expect(m.tags.count == 1)
    }

    @Test func sourceForms() {
        #expect(IRCMessage("PING", "x", source: IRCSource(name: "srv")).serialized() == ":srv PING x")
        let full = IRCSource(name: "n", user: "u", host: "h")
        #expect(IRCMessage("JOIN", "#c", source: full).serialized() == ":n!u@h JOIN #c")
        #expect(IRCSource(name: "n", host: "h").description == "n@h")
    }

    @Test func lineHasCRLF() {
        var bytes: [UInt8] = []
        IRCMessage("PING", "x").serializedLine(into: &bytes)
        #expect(bytes == Array("PING x\r\n".utf8))
    }

    @Test func validateRejectsUnserializable() {
        #expect(throws: IRCParseError.invalidMiddleParameter) { try IRCMessage("MODE", "a b", "c").validate() }
        #expect(throws: IRCParseError.invalidMiddleParameter) { try IRCMessage("MODE", "", "c").validate() }
        #expect(throws: IRCParseError.invalidMiddleParameter) { try IRCMessage("MODE", ":x", "c").validate() }
        #expect(throws: IRCParseError.forbiddenCharacter) { try IRCMessage("PRIVMSG", "#c", "a\nb").validate() }
        #expect(throws: IRCParseError.invalidCommand) { try IRCMessage("PRIV MSG").validate() }
        #expect(throws: IRCParseError.invalidTagKey) { try IRCMessage(tags: [IRCTag(key: "a b")], command: "X").validate() }
        #expect(throws: Never.self) { try IRCMessage("PRIVMSG", "#c", "").validate() }
    }
}
