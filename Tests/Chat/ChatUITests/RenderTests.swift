import ChatCore
import ChatUI
import LineEditing
import PetCore
import ScreenCore
import TerminalInput
import Testing

@Suite struct RenderTests {
    static let room = [
        ":motoko!m@h JOIN #tachikoma", ":s 332 motoko #tachikoma :Welcome, spiders",
        ":s 353 motoko = #tachikoma :motoko @batou togusa", ":s 730 motoko :batou!b@h",
        "@time=2026-11-22T09:31:00.000Z :batou!b@h PRIVMSG #tachikoma :hello everyone",
        "@time=2026-11-22T09:32:00.000Z :togusa!t@h PRIVMSG #tachikoma :塔奇克马是一种多足战车，它们很好奇，也很喜欢聊天 🕷️",
        "@time=2026-11-22T09:33:00.000Z :batou!b@h PRIVMSG #tachikoma :motoko: lunch?",
        "@time=2026-11-22T09:34:00.000Z :batou!b@h PRIVMSG #tachikoma :\u{1}ACTION \u{2}waves\u{2}\u{1}",
        "@time=2026-11-22T09:35:00.000Z :togusa!t@h PRIVMSG motoko :psst",
    ]

    @Test func chatViewGolden() {
        var p = PanelFixture.panel(PanelFixture.session(lines: Self.room))
        _ = p.receive(ChatPanelMessage.session(PanelFixture.session(lines: Self.room), notices: []), now: 0)
        p.type("hi 塔奇")
        #expect(PanelFixture.render(p) == """
         #tachikoma — Welcome, spiders                         ● motoko
         server           │
        ▸#tachikoma      4│
         togusa          1│
                          │
        Friends           │
        ● batou           │09:31 batou: hello everyone
        ○ togusa          │09:32 togusa: 塔奇克马是一种多足战车，它们很
                          │      好奇，也很喜欢聊天 🕷️
                          │09:33 batou: motoko: lunch?
                          │09:34 * batou waves
        › hi 塔奇
        """)
    }
}

@Suite struct PanelBehaviourTests {
    @Test func firstUseShowsTheFormAndSubmitsLogin() {
        var p = ChatPanel()
        _ = p.receive(ChatPanelMessage.settingsLoaded(ChatSettings()), now: 0)
        _ = p.setOpen(true, now: 0)
        #expect(p.form != nil)
        p.type("alice")
        p.press(.tab)
        p.type("pässwörd")
        let text = PanelFixture.render(p, width: 60, height: 14)
        #expect(text == """

            ╭─ Tachikoma chat ─────────────────────────────────╮
            │                                                  │
            │ Server    127.0.0.1:6667                         │
            │ Nick      alice                                  │
            │ Password  ••••••••                               │
            │           [x] remember me                        │
            │            Log in   Register   Guest             │
            │                                                  │
            │                                                  │
            │                                                  │
            │ Tab next · Enter go · Esc close                  │
            ╰──────────────────────────────────────────────────╯

        """)
        let out = PanelFixture.tasks(p.press(.enter))
        let expected = ChatSettings(nick: "alice", password: "pässwörd", remember: true)
        #expect(out == [.save(expected), .start(expected, register: false)])
        #expect(p.form == nil)
    }

    @Test func formRejectsBadInputWithAMessage() {
        var p = ChatPanel()
        _ = p.setOpen(true, now: 0)
        #expect(PanelFixture.tasks(p.press(.enter)).isEmpty)
        #expect(p.form?.message.contains("nick") == true)
        p.type("bob")
        p.press(.tab); p.press(.tab); p.press(.tab)
        p.press(.right)
        #expect(PanelFixture.tasks(p.press(.enter)).isEmpty)
        #expect(p.form?.message == "Registering needs a password.")
        #expect(p.press(.escape).contains { if case .close = $0 { true } else { false } })
    }

    @Test func slashCommandsBecomeIntents() {
        var p = PanelFixture.panel(PanelFixture.session(lines: RenderTests.room))
        func run(_ line: String) -> [ChatTask] {
            p.type(line)
            return PanelFixture.tasks(p.press(.enter))
        }
        #expect(run("hello there") == [.intent(.say(target: "#tachikoma", text: "hello there", action: false))])
        #expect(run("/me dances") == [.intent(.say(target: "#tachikoma", text: "dances", action: true))])
        #expect(run("/msg batou hi you") == [.intent(.say(target: "batou", text: "hi you", action: false))])
        #expect(run("/join spiders") == [.intent(.join("#spiders")), .intent(.focus("#spiders"))])
        #expect(p.active == "#spiders")
        #expect(run("/part") == [.intent(.part("#spiders", reason: ""))])
        #expect(run("/query togusa are you there?") ==
                [.intent(.query("togusa")), .intent(.say(target: "togusa", text: "are you there?", action: false)), .intent(.focus("togusa"))])
        #expect(run("/nick major") == [.intent(.nick("major"))])
        #expect(run("/friend add aramaki") == [.intent(.addFriend("aramaki"))])
        #expect(run("/friend del batou") == [.intent(.removeFriend("batou"))])
        #expect(run("/topic") == [])
        #expect(p.status.contains("channel"))
        #expect(run("/bogus") == [])
        #expect(p.status.contains("Unknown command"))
        #expect(run("//not a command") == [.intent(.say(target: "togusa", text: "/not a command", action: false))])
        p.type("/quit bye")
        let quit = p.press(.enter)
        #expect(PanelFixture.tasks(quit) == [.intent(.quit(reason: "bye"))])
        #expect(quit.contains { if case .quit = $0 { true } else { false } })
    }

    @Test func tabCompletesRecentSpeakersFirstThenCommands() {
        var p = PanelFixture.panel(PanelFixture.session(lines: RenderTests.room + [
            "@time=2026-11-22T09:36:00.000Z :togusa!t@h PRIVMSG #tachikoma :me too",
        ]))
        p.type("t")
        p.press(.tab)
        #expect(p.editor.text == "togusa: ")
        p.press(.backspace); p.press(.backspace)
        p.type(" b")
        p.press(.tab)
        #expect(p.editor.text == "togusa batou ")
        _ = p.handle(.key(.ctrl("u")), area: Rect(x: 0, y: 0, width: 64, height: 12), now: 0)
        p.type("/qu")
        p.press(.tab)
        #expect(p.editor.text == "/query ")
        p.press(.tab)
        #expect(p.editor.text == "/quit ")
        // Recent speakers first: togusa spoke last, then batou, then the silent members.
        _ = p.handle(.key(.ctrl("u")), area: Rect(x: 0, y: 0, width: 64, height: 12), now: 0)
        #expect(p.editor.text == "")
    }

    @Test func multiLinePasteIsHeldForConfirmation() {
        var p = PanelFixture.panel(PanelFixture.session(lines: RenderTests.room))
        _ = p.handle(.paste("line one\nline two\n\nline three"), area: Rect(x: 0, y: 0, width: 64, height: 12), now: 0)
        #expect(p.pendingPaste == ["line one", "line two", "line three"])
        #expect(PanelFixture.render(p).contains("Paste 3 lines into #tachikoma? Enter sends"))
        let sent = PanelFixture.tasks(p.press(.enter))
        #expect(sent.count == 3)
        #expect(sent.first == .intent(.say(target: "#tachikoma", text: "line one", action: false)))
        _ = p.handle(.paste("a\nb"), area: Rect(x: 0, y: 0, width: 64, height: 12), now: 0)
        #expect(PanelFixture.tasks(p.press(.escape)).isEmpty)
        #expect(p.pendingPaste == nil)
        _ = p.handle(.paste("single 行"), area: Rect(x: 0, y: 0, width: 64, height: 12), now: 0)
        #expect(p.editor.text == "single 行")
    }

    @Test func closedPanelToastsPrivateMessagesAndHighlightsAndWavesForFriends() {
        var p = PanelFixture.panel(PanelFixture.session(lines: []), open: false)
        let s = PanelFixture.session(lines: RenderTests.room)
        let out = p.receive(ChatPanelMessage.session(s, notices: [
            .privateMessage(from: "togusa", text: "psst"), .highlight(from: "batou", channel: "#tachikoma", text: "motoko: lunch?"),
            .friendOnline("batou"),
        ]), now: 0)
        let toasts = out.compactMap { if case .toast(let t) = $0 { t } else { nil } }
        #expect(toasts == ["togusa: psst", "batou in #tachikoma: motoko: lunch?", "batou is online"])
        #expect(out.contains { if case .react(.happy) = $0 { true } else { false } })
        // One private message (togusa) and one highlight (batou) are waiting.
        #expect(out.contains { if case .unread(2) = $0 { true } else { false } })
        // Opening the panel clears the badge and toasts stop.
        let opened = p.setOpen(true, now: 0)
        #expect(opened.contains { if case .unread(0) = $0 { true } else { false } })
        let later = p.receive(ChatPanelMessage.session(s, notices: [.privateMessage(from: "togusa", text: "again")]), now: 0)
        #expect(!later.contains { if case .toast = $0 { true } else { false } })
    }

    @Test func scrollbackWithPageKeysAndWheel() {
        let many = (0..<40).map { "@time=2026-11-22T10:\($0 < 10 ? "0" : "")\($0):00.000Z :batou!b@h PRIVMSG #tachikoma :line \($0)" }
        var p = PanelFixture.panel(PanelFixture.session(lines: ["::motoko!m@h JOIN #tachikoma"] + many))
        #expect(PanelFixture.render(p).contains("line 39"))
        p.press(.pageUp)
        let up = PanelFixture.render(p)
        #expect(!up.contains("line 39"))
        #expect(up.contains("more (PgDn)"))
        p.press(.pageDown)
        #expect(PanelFixture.render(p).contains("line 39"))
        _ = p.handle(.mouse(MouseEvent(action: .wheelUp, button: .none, x: 30, y: 5)), area: Rect(x: 0, y: 0, width: 64, height: 12), now: 0)
        #expect(!PanelFixture.render(p).contains("line 39"))
    }

    @Test func unreadMarkerLineAndPendingLines() {
        var s = PanelFixture.session(lines: RenderTests.room)
        _ = s.handle(.intent(.markRead("#tachikoma")), now: PanelFixture.t0)
        _ = s.handle(.line("@time=2026-11-22T09:40:00.000Z :batou!b@h PRIVMSG #tachikoma :new one"), now: PanelFixture.t0)
        _ = s.handle(.disconnected(reason: "x"), now: PanelFixture.t0)
        _ = s.handle(.intent(.say(target: "#tachikoma", text: "typed offline", action: false)), now: PanelFixture.t0 + 700)
        var p = PanelFixture.panel(s, open: false)
        _ = p.setOpen(true, now: 0)
        let text = PanelFixture.render(p)
        #expect(text.contains("── new ──"))
        #expect(text.contains("motoko: typed offline …"))
        #expect(text.contains("1 pending · ○ offline, retrying"))
        let lines = text.split(separator: "\n").map(String.init)
        let marker = lines.firstIndex { $0.contains("── new ──") }!
        #expect(lines[marker + 1].contains("new one"))
        #expect(lines[marker - 1].contains("waves"))
    }
}


@Suite struct SettingsTests {
    @Test func serverAddressesWithPortsAndTLS() {
        func e(_ s: String) -> String? {
            ChatSettings(server: s).endpoint.map { "\($0.host) \($0.port) \($0.tls)" }
        }
        #expect(e("127.0.0.1:6667") == "127.0.0.1 6667 false")
        #expect(e("irc.example.org") == "irc.example.org 6667 false")
        #expect(e("irc.example.org:+6697") == "irc.example.org 6697 true")
        #expect(e("ircs://irc.example.org") == "irc.example.org 6697 true")
        #expect(e("irc://irc.example.org:7000/") == "irc.example.org 7000 false")
        #expect(e("[::1]:6667") == "::1 6667 false")
        for bad in ["", " ", "host:0", "host:99999", "host:abc", "a b:1", ":6667", "::1"] {
            #expect(e(bad) == nil, "\(bad)")
        }
    }

    /// Several nodes of one network, separated by commas, each with its own port and TLS;
    /// the session is given the first and the rest as alternates, in order.
    @Test func severalServerAddresses() throws {
        let settings = ChatSettings(server: "a.example:6667, ircs://b.example ,[::1]:+7000", nick: "motoko")
        let all = try #require(settings.endpoints)
        #expect(all.map { "\($0.host) \($0.port) \($0.tls)" } == ["a.example 6667 false", "b.example 6697 true", "::1 7000 true"])
        let config = try #require(settings.config(register: false))
        #expect(config.endpoints == [ChatEndpoint(host: "a.example", port: 6667), ChatEndpoint(host: "b.example", port: 6697, useTLS: true),
                                     ChatEndpoint(host: "::1", port: 7000, useTLS: true)])
        for bad in ["a:1,", ",a:1", "a:1,,b:2", "a:1, b:0", "a:1; b:2"] {
            #expect(ChatSettings(server: bad).endpoints == nil, "\(bad)")
            #expect(ChatSettings(server: bad).config(register: false) == nil, "\(bad)")
        }
    }
}

@Suite struct TinyAreaTests {
    /// The panel draws only inside its area, whatever its size, and never crashes.
    @Test(arguments: [(10, 3), (20, 4), (44, 10), (55, 6), (56, 6), (120, 40)])
    func drawsOnlyInsideItsArea(size: (Int, Int)) {
        let marker = Cell("x")
        let area = Rect(x: 2, y: 1, width: size.0, height: size.1)
        for panel in [PanelFixture.panel(PanelFixture.session(lines: RenderTests.room)), {
            var p = ChatPanel()
            _ = p.setOpen(true, now: 0)
            return p
        }()] {
            var b = ScreenBuffer(width: size.0 + 4, height: size.1 + 2, fill: marker)
            b.fill(area, with: .blank())
            panel.render(into: &b, area: area, now: 0)
            for y in 0..<b.height {
                for x in 0..<b.width where !area.contains(x: x, y: y) {
                    #expect(b[x, y] == marker, "cell \(x),\(y) outside the area was drawn")
                }
            }
        }
    }
}

/// Issue 15, item 3: English words of the user's word book are underlined in others'
/// messages (never in one's own, never inside longer words).
@Suite struct WordBookUnderlineTests {
    static let lines = [
        ":motoko!m@h JOIN #tachikoma",
        "@time=2026-11-22T09:31:00.000Z :batou!b@h PRIVMSG #tachikoma :Keep the apple, not the apples or pineapple",
        "@time=2026-11-22T09:32:00.000Z :motoko!m@h PRIVMSG #tachikoma :I keep an apple too",
    ]

    /// The underlined runs of the rendered message view (right of the sidebar), row by row.
    static func underlined(_ p: ChatPanel) -> [String] {
        var b = ScreenBuffer(width: 64, height: 12)
        p.render(into: &b, area: Rect(x: 0, y: 0, width: 64, height: 12), now: PanelFixture.t0)
        var runs: [String] = []
        for y in 0..<b.height {
            var run = ""
            for x in 19..<b.width {
                let cell = b[x, y]
                if cell.style.attributes.contains(.underline) { run.append(cell.grapheme) } else if !run.isEmpty { runs.append(run); run = "" }
            }
            if !run.isEmpty { runs.append(run) }
        }
        return runs
    }

    @Test func wordsOfTheBookAreUnderlinedInOthersMessagesOnly() {
        var p = PanelFixture.panel(PanelFixture.session(lines: Self.lines))
        #expect(Self.underlined(p).isEmpty)
        _ = p.receive(ChatPanelMessage.wordBook(["apple", "keep"]), now: 0)
        #expect(Self.underlined(p) == ["Keep", "apple"])
        let screen = PanelFixture.render(p)
        #expect(screen.contains("batou: Keep the apple, not the apples"))
        #expect(screen.contains("motoko: I keep an apple too"))
    }

    @Test func theSegmentsKeepTheTextAndMarkOnlyWholeWords() {
        let plain = Style.plain
        let segs = MessageFormat.underliningWords("well-known apple's -apple- crab-apple", in: ["apple", "well-known"], style: plain)
        #expect(segs.map(\.text).joined() == "well-known apple's -apple- crab-apple")
        #expect(segs.filter { $0.style.attributes.contains(.underline) }.map(\.text) == ["well-known", "apple"])
    }
}
