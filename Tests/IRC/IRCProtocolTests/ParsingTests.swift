import IRCProtocol
import Testing

@Suite struct ParsingTests {
    @Test func simpleCommandWithTrailing() throws {
        let m = try IRCMessage(parsing: "PRIVMSG #chan :hello world")
        #expect(m.command == "PRIVMSG")
        #expect(m.parameters == ["#chan", "hello world"])
        #expect(m.source == nil)
        #expect(m.tags.isEmpty)
    }

    @Test func sourceWithUserAndHost() throws {
        let m = try IRCMessage(parsing: ":nick!user@host.example PRIVMSG me :hi")
        #expect(m.source == IRCSource(name: "nick", user: "user", host: "host.example"))
        #expect(m.parameters == ["me", "hi"])
    }

    @Test func serverSourceAndNumeric() throws {
        let m = try IRCMessage(parsing: ":irc.example 001 alice :Welcome to the network")
        #expect(m.source?.name == "irc.example")
        #expect(m.source?.user == nil)
        #expect(m.numeric == .rplWelcome)
        #expect(m.numeric?.name == "RPL_WELCOME")
    }

    @Test func tagsAreUnescaped() throws {
        let m = try IRCMessage(parsing: #"@a=b\:c\sd\\e\rf\ng;flag;+vendor.example/x=1 :s CMD"#)
        #expect(m.tag("a") == "b;c d\\e\rf\ng")
        #expect(m.tag("flag") == "")
        #expect(m.tag("+vendor.example/x") == "1")
        #expect(m.tag("missing") == nil)
    }

    @Test func unknownEscapeAndTrailingBackslash() throws {
        let m = try IRCMessage(parsing: #"@a=\b\;c=x\ CMD"#)
        #expect(m.tag("a") == "b")
        #expect(m.tag("c") == "x")
    }

    @Test func duplicateTagKeysLastWins() throws {
        let m = try IRCMessage(parsing: "@k=1;k=2 CMD")
        #expect(m.tags == [IRCTag(key: "k", value: "2")])
    }

    @Test func emptyTrailingAndColonInTrailing() throws {
        #expect(try IRCMessage(parsing: "TOPIC #c :").parameters == ["#c", ""])
        #expect(try IRCMessage(parsing: "PRIVMSG #c ::-)").parameters == ["#c", ":-)"])
        #expect(try IRCMessage(parsing: "PRIVMSG #c a:b").parameters == ["#c", "a:b"])
    }

    @Test func extraSpacesAreTolerated() throws {
        let m = try IRCMessage(parsing: "  NICK    alice   ")
        #expect(m.command == "NICK")
        #expect(m.parameters == ["alice"])
    }

    @Test func manyParameters() throws {
        let line = "CMD " + (1...20).map(String.init).joined(separator: " ")
        #expect(try IRCMessage(parsing: line).parameters.count == 20)
    }

    @Test(arguments: [
        ("", IRCParseError.empty),
        ("   ", .empty),
        ("@a=b", .empty),
        (":src", .empty),
        (": CMD", .invalidSource),
        ("@ CMD", .invalidTagKey),
        ("@bad key=1 CMD", .invalidCommand),
        ("@=v CMD", .invalidTagKey),
        ("@a/=v CMD", .invalidTagKey),
        ("@k_y=v CMD", .invalidTagKey),
        ("12 x", .invalidCommand),
        ("1234 x", .invalidCommand),
        ("PRIV-MSG x", .invalidCommand),
        ("CMD a\u{0}b", .forbiddenCharacter),
        ("CMD a\rb", .forbiddenCharacter),
    ])
    func hostileLinesAreRejected(line: String, error: IRCParseError) {
        #expect(throws: error) { try IRCMessage(parsing: line) }
    }

    @Test func invalidUTF8IsRejected() {
        let bytes: [UInt8] = Array("PRIVMSG #c :".utf8) + [0xFF, 0xFE, 0x41]
        #expect(throws: IRCParseError.invalidUTF8) { try IRCMessage(parsing: bytes) }
        let overlong: [UInt8] = Array("NICK ".utf8) + [0xC0, 0xAF]
        #expect(throws: IRCParseError.invalidUTF8) { try IRCMessage(parsing: overlong) }
    }

    @Test func utf8TextParses() throws {
        let m = try IRCMessage(parsing: Array("PRIVMSG #c :你好 🕷".utf8))
        #expect(m.parameters[1] == "你好 🕷")
    }

    @Test func clientLimits() throws {
        let body = "PRIVMSG #c :" + String(repeating: "x", count: 510 - 12)
        #expect(try IRCMessage(parsing: body, limits: .fromClient).parameters[1].count == 498)
        #expect(throws: IRCParseError.bodyTooLong) { try IRCMessage(parsing: body + "x", limits: .fromClient) }
        let tags = "@+a=" + String(repeating: "v", count: 4094 - 3)
        #expect(try IRCMessage(parsing: tags + " TAGMSG #c", limits: .fromClient).tag("+a")?.count == 4091)
        #expect(throws: IRCParseError.tagsTooLong) { try IRCMessage(parsing: tags + "v TAGMSG #c", limits: .fromClient) }
        #expect(try IRCMessage(parsing: tags + "v TAGMSG #c", limits: .fromServer).command == "TAGMSG")
    }
}
