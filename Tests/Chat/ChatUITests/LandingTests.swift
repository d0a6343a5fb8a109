import ChatCore
import ChatUI
import LineEditing
import PetCore
import ScreenCore
import TerminalInput
import Testing

/// Where a connection lands and how buffers change, whatever order the server's replies
/// come in (the tmux tests in EndToEndTests/ChatFirstRunTests drive the same through a
/// slow proxy).
@Suite struct LandingTests {
    static let welcomeOnly: [String] = []
    static let joined = [":motoko!m@h JOIN #tachikoma", ":s 353 motoko = #tachikoma :motoko @batou togusa",
                         ":s 366 motoko #tachikoma :End"]

    /// A remembered login that connects at start: the panel shows the room it is joining,
    /// then the room itself once the JOIN arrives, however late.
    @Test func aLateJoinStillLandsInTheRoom() throws {
        var p = PanelFixture.panel(PanelFixture.session(lines: Self.welcomeOnly))
        var text = PanelFixture.render(p, width: 64, height: 16)
        #expect(text.hasPrefix(" #tachikoma"))
        #expect(text.contains("Joining #tachikoma…"))
        _ = p.receive(ChatPanelMessage.session(PanelFixture.session(lines: Self.joined), notices: []), now: 0)
        #expect(p.active == "#tachikoma")
        text = PanelFixture.render(p, width: 64, height: 16)
        #expect(text.hasPrefix(" #tachikoma"))
        #expect(text.contains("▸#tachikoma"))
        #expect(text.contains("Members 3"))
        // Operators first, then the others by name.
        let members = text.split(separator: "\n").map { String($0.prefix(18).filter { $0 != " " }) }
        let at = try #require(members.firstIndex(of: "Members3"))
        #expect(Array(members[(at + 1)...(at + 3)]) == ["@batou", "motoko", "togusa"])
    }

    /// A person who moves to the server buffer before the slow JOIN arrives stays there.
    @Test func aChoiceMadeBeforeTheJoinIsKept() {
        var p = PanelFixture.panel(PanelFixture.session(lines: Self.welcomeOnly))
        p.press(.ctrl("n"))
        #expect(p.active == "")
        _ = p.receive(ChatPanelMessage.session(PanelFixture.session(lines: Self.joined), notices: []), now: 0)
        #expect(p.active == "")
        p.press(.ctrl("n"))
        #expect(p.active == "#tachikoma")
    }

    /// Status messages have a line of their own; the header keeps naming the buffer.
    @Test func theHeaderAlwaysNamesTheBuffer() {
        var p = PanelFixture.panel(PanelFixture.session(lines: Self.joined))
        p.type("/bogus")
        p.press(.enter)
        let rows = PanelFixture.render(p, width: 64, height: 16).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[0].hasPrefix(" #tachikoma"))
        #expect(rows[14].contains("Unknown command /bogus"))
        // Switching buffers clears it.
        p.press(.ctrl("p"))
        #expect(!PanelFixture.render(p, width: 64, height: 16).contains("Unknown command"))
    }

    /// A click on a member's row opens a private buffer with them; on a buffer row, shows it.
    @Test func sidebarClicksMeanTheRowUnderThePointer() throws {
        var p = PanelFixture.panel(PanelFixture.session(lines: Self.joined))
        let area = Rect(x: 0, y: 0, width: 64, height: 16)
        let rows = PanelFixture.render(p, width: 64, height: 16).split(separator: "\n", omittingEmptySubsequences: false)
        let batouRow = try #require(rows.firstIndex { $0.hasPrefix("@batou") })
        let out = p.handle(.mouse(MouseEvent(action: .press, button: .left, x: 3, y: batouRow)), area: area, now: 0)
        #expect(PanelFixture.tasks(out).contains(.intent(.query("batou"))))
        #expect(p.active == "batou")
        let serverRow = try #require(rows.firstIndex { $0.hasPrefix(" server") })
        _ = p.handle(.mouse(MouseEvent(action: .press, button: .left, x: 2, y: serverRow)), area: area, now: 0)
        #expect(p.active == "")
        // The headings and blank rows do nothing.
        let heading = try #require(rows.firstIndex { $0.hasPrefix("Members") })
        _ = p.handle(.mouse(MouseEvent(action: .press, button: .left, x: 2, y: heading)), area: area, now: 0)
        #expect(p.active == "")
    }

    /// The private buffer a click on a member opens stays shown while the session catches up:
    /// an update that left the chat loop before the click was handled (someone spoke in the
    /// room) has no such buffer yet, and must not send the person back to the room (seen in
    /// the tmux test under ThreadSanitizer's slowness). /query is the same.
    @Test func aPrivateBufferBeingOpenedSurvivesAnEarlierUpdate() throws {
        let area = Rect(x: 0, y: 0, width: 64, height: 16)
        let spoke = Self.joined + [":togusa!t@h PRIVMSG #tachikoma :anyone?"]
        let opened = spoke + [":batou!b@h PRIVMSG motoko :hi"]
        var p = PanelFixture.panel(PanelFixture.session(lines: Self.joined))
        let rows = PanelFixture.render(p, width: 64, height: 16).split(separator: "\n", omittingEmptySubsequences: false)
        let batouRow = try #require(rows.firstIndex { $0.hasPrefix("@batou") })
        _ = p.handle(.mouse(MouseEvent(action: .press, button: .left, x: 3, y: batouRow)), area: area, now: 0)
        #expect(p.active == "batou")
        _ = p.receive(ChatPanelMessage.session(PanelFixture.session(lines: spoke), notices: []), now: 0)
        #expect(p.active == "batou")
        #expect(PanelFixture.render(p, width: 64, height: 16).hasPrefix(" batou"))
        _ = p.receive(ChatPanelMessage.session(PanelFixture.session(lines: opened), notices: []), now: 0)
        #expect(p.active == "batou")
        #expect(PanelFixture.render(p, width: 64, height: 16).contains("▸batou"))

        var q = PanelFixture.panel(PanelFixture.session(lines: Self.joined))
        q.type("/query togusa")
        q.press(.enter)
        #expect(q.active == "togusa")
        _ = q.receive(ChatPanelMessage.session(PanelFixture.session(lines: spoke), notices: []), now: 0)
        #expect(q.active == "togusa")
        // Once the person picks another buffer, a buffer that never came is not waited for.
        q.press(.ctrl("n"))
        let now = q.active
        _ = q.receive(ChatPanelMessage.session(PanelFixture.session(lines: spoke), notices: []), now: 0)
        #expect(q.active == now)
    }

    /// The form answers the mouse: a click on a field focuses it, on a button submits.
    @Test func theFormTakesClicks() throws {
        var p = ChatPanel()
        _ = p.receive(ChatPanelMessage.settingsLoaded(ChatSettings()), now: 0)
        _ = p.setOpen(true, now: 0)
        let area = Rect(x: 0, y: 0, width: 60, height: 14)
        let rows = PanelFixture.render(p, width: 60, height: 14).split(separator: "\n", omittingEmptySubsequences: false)
        let passwordRow = try #require(rows.firstIndex { $0.contains("Password") })
        _ = p.handle(.mouse(MouseEvent(action: .press, button: .left, x: 20, y: passwordRow)), area: area, now: 0)
        #expect(p.form?.focus == .password)
        _ = p.handle(.key(.char("x")), area: area, now: 0)
        #expect(p.form?.password.text == "x")
        let nickRow = try #require(rows.firstIndex { $0.contains("Nick") })
        _ = p.handle(.mouse(MouseEvent(action: .press, button: .left, x: 20, y: nickRow)), area: area, now: 0)
        for c in "kusanagi" { _ = p.handle(.key(.char(c)), area: area, now: 0) }
        let buttons = try #require(rows.firstIndex { $0.contains("Register") })
        let column = rows[buttons].distance(from: rows[buttons].startIndex, to: rows[buttons].firstRange(of: "Register")!.lowerBound)
        let out = p.handle(.mouse(MouseEvent(action: .press, button: .left, x: column + 1, y: buttons)), area: area, now: 0)
        #expect(p.form == nil)
        let started = PanelFixture.tasks(out).contains { if case .start(let s, register: true) = $0 { s.nick == "kusanagi" && s.password == "x" } else { false } }
        #expect(started)
    }
}

/// Opening the panel after the pet announced a message shows that message's buffer.
@Suite struct OpeningJumpsToTheNewsTests {
    @Test func openingShowsTheLatestUnreadMentionOrPrivateMessage() {
        let lines = LandingTests.joined + [
            "@time=2026-11-22T09:40:00.000Z :togusa!t@h PRIVMSG motoko :psst",
            "@time=2026-11-22T09:41:00.000Z :batou!b@h PRIVMSG #tachikoma :motoko: lunch?",
        ]
        var p = PanelFixture.panel(PanelFixture.session(lines: LandingTests.joined), open: true)
        p.press(.ctrl("n"))  // the person reads the server buffer, then closes the panel
        #expect(p.active == "")
        _ = p.setOpen(false, now: 0)
        _ = p.receive(ChatPanelMessage.session(PanelFixture.session(lines: lines),
                                               notices: [.privateMessage(from: "togusa", text: "psst"),
                                                         .highlight(from: "batou", channel: "#tachikoma", text: "motoko: lunch?")]), now: 0)
        _ = p.setOpen(true, now: 0)
        #expect(p.active == "#tachikoma")  // the mention came after the private message
        _ = p.setOpen(false, now: 0)
        let later = lines + ["@time=2026-11-22T09:42:00.000Z :togusa!t@h PRIVMSG motoko :still there?"]
        _ = p.receive(ChatPanelMessage.session(PanelFixture.session(lines: later),
                                               notices: [.privateMessage(from: "togusa", text: "still there?")]), now: 0)
        _ = p.setOpen(true, now: 0)
        #expect(p.active == "togusa")
    }

    @Test func withNothingNewTheBufferStays() {
        var p = PanelFixture.panel(PanelFixture.session(lines: LandingTests.joined), open: true)
        p.press(.ctrl("n"))
        _ = p.setOpen(false, now: 0)
        _ = p.setOpen(true, now: 0)
        #expect(p.active == "")
    }
}

/// The chat's input answers the same editing keys as the Translate dialog (one editor).
@Suite struct ChatInputKeysTests {
    @Test func theDialogsKeysWorkInTheChat() {
        var p = PanelFixture.panel(PanelFixture.session(lines: LandingTests.joined))
        p.type("hello big world")
        p.press(.backspace, .alt)
        #expect(p.editor.text == "hello big ")
        p.press(.ctrl("b"))
        p.press(.ctrl("b"))
        p.press(.ctrl("k"))
        #expect(p.editor.text == "hello bi")
        p.press(.ctrl("a"))
        p.press(.ctrl("f"))
        p.press(.ctrl("d"))
        #expect(p.editor.text == "hllo bi")
        // Alt-← still switches buffers rather than moving the cursor.
        p.press(.left, .alt)
        #expect(p.active == "")
    }
}
