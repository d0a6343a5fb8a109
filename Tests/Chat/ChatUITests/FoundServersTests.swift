import ChatCore
import ChatUI
import LineEditing
import PetCore
import ScreenCore
import TerminalInput
import Testing

/// The login form's list of servers found on the local network (issue 18, item 2).
@Suite struct FoundServersTests {
    let found = [
        LoginForm.FoundServer(name: "irc.lan", address: "10.0.0.2:6667", tls: false),
        LoginForm.FoundServer(name: "secure.lan", address: "10.0.0.3:+6697", tls: true),
    ]

    func openForm() -> (ChatPanel, [ChatTask]) {
        var p = ChatPanel()
        _ = p.receive(ChatPanelMessage.settingsLoaded(ChatSettings()), now: 0)
        let tasks = PanelFixture.tasks(p.setOpen(true, now: 0))
        return (p, tasks)
    }

    @Test func openingTheFormLooksAndKeepsLookingWhileItIsOpen() {
        var (p, tasks) = openForm()
        #expect(tasks == [.discover])
        let again = PanelFixture.tasks(p.receive(ChatPanelMessage.discovered(found), now: 1))
        #expect(again == [.discover])
        #expect(p.form?.found == found)
        _ = p.setOpen(false, now: 2)
        #expect(PanelFixture.tasks(p.receive(ChatPanelMessage.discovered([]), now: 3)).isEmpty)
        #expect(p.form?.found == [])
        // Opening again starts a new look.
        #expect(PanelFixture.tasks(p.setOpen(true, now: 4)) == [.discover])
    }

    @Test func theListShowsUnderTheServerField() {
        var (p, _) = openForm()
        _ = p.receive(ChatPanelMessage.discovered(found), now: 1)
        let text = PanelFixture.render(p, width: 60, height: 16)
        #expect(text == """

            ╭─ Tachikoma chat ─────────────────────────────────╮
            │                                                  │
            │ Server    127.0.0.1:6667                         │
            │ On LAN       irc.lan  10.0.0.2:6667              │
            │            🔒secure.lan  10.0.0.3:6697           │
            │ Nick                                             │
            │ Password                                         │
            │           [x] remember me                        │
            │            Log in   Register   Guest             │
            │                                                  │
            │                                                  │
            │                                                  │
            │ Tab next · Enter go · Esc close                  │
            ╰──────────────────────────────────────────────────╯

        """)
    }

    @Test func keysChooseAServer() {
        var (p, _) = openForm()
        _ = p.receive(ChatPanelMessage.discovered(found), now: 1)
        p.press(.backTab) // from Nick up to the list
        #expect(p.form?.focus == .found)
        p.press(.down)
        #expect(p.form?.foundSelection == 1)
        p.press(.enter)
        #expect(p.form?.server.text == "10.0.0.3:+6697")
        #expect(p.form?.focus == .nick)
        p.type("alice")
        p.press(.tab)
        p.press(.tab)
        p.press(.tab)
        let out = PanelFixture.tasks(p.press(.enter))
        guard case .start(let settings, _)? = out.last else { Issue.record("no start: \(out)"); return }
        #expect(settings.server == "10.0.0.3:+6697")
        #expect(settings.hostAndPort?.host == "10.0.0.3")
    }

    @Test func aClickChoosesAServer() {
        var (p, _) = openForm()
        _ = p.receive(ChatPanelMessage.discovered(found), now: 1)
        let area = Rect(x: 0, y: 0, width: 60, height: 16)
        // Rows: border at 1, server at 3, the list at 4 and 5.
        _ = p.handle(.mouse(MouseEvent(action: .press, button: .left, x: 20, y: 4)), area: area, now: 2)
        #expect(p.form?.server.text == "10.0.0.2:6667")
        _ = p.handle(.mouse(MouseEvent(action: .press, button: .left, x: 20, y: 6)), area: area, now: 2)
        #expect(p.form?.focus == .nick)
    }

    @Test func withoutServersTabSkipsTheList() {
        var (p, _) = openForm()
        #expect(p.form?.focus == .nick)
        p.press(.backTab)
        #expect(p.form?.focus == .server)
        p.press(.tab)
        #expect(p.form?.focus == .nick)
    }

    @Test func anUpdateKeepsTheHighlightedServerAndAnEmptyListGivesFocusBack() {
        var form = LoginForm(ChatSettings())
        form.setFound(found)
        form.focus = .found
        _ = form.handle(.key(.down, []), friends: [], channels: [])
        let moved = [LoginForm.FoundServer(name: "new", address: "10.0.0.9:6667", tls: false)] + found
        form.setFound(moved)
        #expect(form.foundSelection == 2)
        form.setFound([])
        #expect(form.focus == .server)
    }
}
