import ChatCore
import IRCProtocol
import Testing

@Suite struct RegistrationTests {
    @Test func negotiatesOfferedCapsAndLogsInWithSASLPlain() {
        var d = SessionDriver(ChatConfig(nick: "motoko", password: "s3cret", friends: ["batou"]))
        #expect(d.handle(.intent(.connect)) == [.connect])
        d.handle(.connected)
        #expect(d.takeSent() == ["CAP LS 302", "NICK motoko", "USER motoko 0 * :Tachikoma user"])
        // A multi-line LS as ergo sends it.
        d.server(":irc.example CAP * LS * :account-notify away-notify batch cap-notify chghost draft/chathistory draft/read-marker",
                 ":irc.example CAP * LS :echo-message extended-join labeled-response message-tags multi-prefix sasl=PLAIN,EXTERNAL server-time znc.in/self-message")
        let req = d.takeSent()
        #expect(req.count == 1)
        let asked = Set(req[0].dropFirst("CAP REQ :".count).split(separator: " ").map(String.init))
        #expect(asked == ["account-notify", "away-notify", "batch", "cap-notify", "draft/chathistory", "draft/read-marker",
                          "echo-message", "extended-join", "labeled-response", "message-tags", "multi-prefix", "sasl", "server-time"])
        d.server(":irc.example CAP * ACK :\(req[0].dropFirst("CAP REQ :".count))")
        #expect(d.takeSent() == ["AUTHENTICATE PLAIN"])
        d.server("AUTHENTICATE +")
        // base64("motoko\0motoko\0s3cret")
        #expect(d.takeSent() == ["AUTHENTICATE bW90b2tvAG1vdG9rbwBzM2NyZXQ="])
        d.server(":irc.example 900 motoko motoko!motoko@host motoko :You are now logged in as motoko",
                 ":irc.example 903 motoko :SASL authentication successful")
        #expect(d.takeSent() == ["CAP END"])
        d.server(":irc.example 001 motoko :Welcome", ":irc.example 005 motoko MONITOR=100 CHATHISTORY=50 :are supported",
                 ":irc.example 376 motoko :End of MOTD")
        let after = d.takeSent()
        #expect(after.contains("JOIN #tachikoma"))
        #expect(after.contains("MONITOR + batou"))
        #expect(after.contains { $0.hasPrefix("CHATHISTORY TARGETS timestamp=") })
        #expect(d.session.phase == .online)
        #expect(d.session.account == "motoko")
        #expect(d.notices.contains(.registered(nick: "motoko", account: "motoko")))
    }

    @Test func failedSASLStillRegistersAsGuestAndSaysWhy() {
        var d = SessionDriver(ChatConfig(nick: "togusa", password: "wrong"))
        d.handle(.intent(.connect))
        d.handle(.connected)
        d.server(":s CAP * LS :sasl", ":s CAP togusa ACK :sasl", "AUTHENTICATE +")
        _ = d.takeSent()
        d.server(":s 904 togusa :SASL authentication failed")
        #expect(d.takeSent() == ["CAP END"])
        #expect(d.notices.contains(.authenticationFailed("SASL authentication failed")))
        d.server(":s 001 togusa :hi")
        #expect(d.session.account == nil)
        #expect(d.session.phase == .online)
    }

    @Test func ngircdLikeServerWithoutModernCapsDegrades() {
        var d = SessionDriver(ChatConfig(nick: "aramaki", password: "pw", registerAccount: true, friends: ["ishikawa", "saito"]))
        d.handle(.intent(.connect))
        d.handle(.connected)
        _ = d.takeSent()
        d.server(":ngircd.test CAP * LS :multi-prefix")
        #expect(d.takeSent() == ["CAP REQ multi-prefix"])
        d.server(":ngircd.test CAP aramaki ACK :multi-prefix")
        #expect(d.takeSent() == ["CAP END"])
        d.server(":ngircd.test 001 aramaki :Welcome to the Internet Relay Network aramaki!~aramaki@localhost",
                 ":ngircd.test 005 aramaki RFC2812 IRCD=ngIRCd CHARSET=UTF-8 CASEMAPPING=ascii PREFIX=(qaohv)~&@%+ CHANTYPES=#&+ :are supported",
                 ":ngircd.test 422 aramaki :MOTD file is missing")
        let sent = d.takeSent()
        #expect(sent == ["JOIN #tachikoma", "ISON :ishikawa saito"])
        #expect(d.session.buffers[0].lines.contains { $0.text.contains("no account registration") })
        d.server(":ngircd.test 303 aramaki :saito")
        #expect(d.session.friends["saito"] == .online)
        #expect(d.session.friends["ishikawa"] == .offline)
        // Polling continues on ticks; a friend arriving is announced.
        d.handle(.tick)
        d.handle(.tick)
        #expect(d.takeSent() == ["ISON :ishikawa saito"])
        d.server(":ngircd.test 303 aramaki :saito Ishikawa")
        #expect(d.session.friends["ishikawa"] == .online)
        #expect(d.notices.contains(.friendOnline("ishikawa")))
        d.server(":ngircd.test 353 aramaki = #tachikoma :@aramaki +saito ~x",
                 ":aramaki!~aramaki@localhost JOIN :#tachikoma")
        #expect(d.buffer("#tachikoma")?.members["saito"] == "+")
        #expect(d.buffer("#TACHIKOMA")?.joined == true)
    }

    @Test func serverWithoutCAPAtAll() {
        var d = SessionDriver(ChatConfig(nick: "kusanagi"))
        d.handle(.intent(.connect))
        d.handle(.connected)
        _ = d.takeSent()
        d.server(":old 421 kusanagi CAP :Unknown command", ":old 001 kusanagi :hi", ":old 376 kusanagi :end")
        #expect(d.takeSent() == ["JOIN #tachikoma"])
    }

    @Test func nickCollisionsTryOtherNicks() {
        var d = SessionDriver(ChatConfig(nick: "batou"))
        d.handle(.intent(.connect))
        d.handle(.connected)
        _ = d.takeSent()
        d.server(":s 433 * batou :Nickname is already in use")
        #expect(d.takeSent() == ["NICK batou_"])
        d.server(":s 433 * batou_ :Nickname is already in use")
        let third = d.takeSent()
        #expect(third.count == 1 && third[0].hasPrefix("NICK batou") && third[0] != "NICK batou_")
        d.server(":s 001 \(third[0].dropFirst(5)) :hi")
        #expect(d.session.nick == String(third[0].dropFirst(5)))
        // After registration a refused /nick is only reported.
        d.handle(.intent(.nick("saito")))
        _ = d.takeSent()
        d.server(":s 433 \(d.session.nick) saito :Nickname is already in use")
        #expect(d.takeSent().isEmpty)
    }

    @Test func registersAnAccountBeforeConnectWhenOffered() {
        var d = SessionDriver(ChatConfig(nick: "newbie", password: "hunter22", registerAccount: true, email: ""))
        d.handle(.intent(.connect))
        d.handle(.connected)
        _ = d.takeSent()
        d.server(":s CAP * LS :draft/account-registration=before-connect,email-required sasl")
        #expect(d.takeSent() == ["CAP REQ draft/account-registration"])
        d.server(":s CAP newbie ACK :draft/account-registration")
        #expect(d.takeSent() == ["REGISTER newbie * hunter22"])
        d.server(":s REGISTER SUCCESS newbie :Account created")
        #expect(d.takeSent() == ["CAP END"])
        #expect(d.session.account == "newbie")
        #expect(d.notices.contains(.accountRegistered("newbie")))
        // The next connection logs in with SASL instead of registering again.
        #expect(d.session.config.registerAccount == false)
    }

    @Test func registerAfterWelcomeAndFailureIsReported() {
        var d = SessionDriver(ChatConfig(nick: "dup", password: "pw", registerAccount: true))
        d.register(caps: "draft/account-registration")
        #expect(d.sent.contains("REGISTER dup * pw"))
        d.server(":s FAIL REGISTER ACCOUNT_EXISTS dup :Account already exists")
        #expect(d.notices.contains(.authenticationFailed("Account already exists")))
    }

    @Test func hostileLinesAreIgnoredWithoutCrashing() {
        var d = SessionDriver(ChatConfig(nick: "tachi"))
        d.register(caps: "batch server-time")
        let hostile = [
            "", ":", "CAP", ":s CAP", ":s CAP * LS", ":s 353", ":s 353 tachi", ":s 005", ":s 730 tachi",
            "PRIVMSG", ":x PRIVMSG", ":x!y@z PRIVMSG #c", "@time=garbage :x!y@z PRIVMSG #c :hi",
            "@batch=nope :x!y@z PRIVMSG tachi :hi", ":s BATCH", ":s BATCH -", ":s BATCH -unknown",
            ":x!y@z JOIN", ":x!y@z NICK", ":x!y@z KICK #c", ":s MARKREAD", ":s MARKREAD #c timestamp=bad",
            "\u{0}\u{1}\u{2}", String(repeating: "A", count: 10000), ":x!y@z PRIVMSG tachi :\u{1}",
            ":x!y@z PRIVMSG tachi :\u{1}VERSION\u{1}", "AUTHENTICATE +", ":s 904 tachi",
        ]
        for line in hostile { d.handle(.line(line)) }
        #expect(d.session.phase == .online)
        #expect(d.sent.contains("NOTICE x :\u{1}VERSION Tachikoma\u{1}"))
    }
}
