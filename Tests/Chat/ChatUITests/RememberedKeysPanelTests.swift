import ChatCore
import ChatUI
import PetCore
import ScreenCore
import TerminalInput
import Testing

/// The panel's side of "remember me" without the password: learnt keys are saved in place of
/// the password, and a session that needs the password brings the form back saying why.
@Suite struct RememberedKeysPanelTests {
    static let keys = ScramClientKeys(salt: [1, 2, 3], iterations: 4096, clientKey: Array(repeating: 4, count: 32),
                                      serverKey: Array(repeating: 5, count: 32))

    func afterForm(remember: Bool) -> (ChatPanel, [ChatTask]) {
        var p = ChatPanel()
        _ = p.setOpen(true, now: 0)
        p.type("kusanagi")
        p.press(.tab)
        p.type("s3cret-pw")
        if !remember {
            p.press(.tab)
            p.press(.char(" "))
        }
        let tasks = PanelFixture.tasks(p.press(.enter))
        return (p, tasks)
    }

    @Test func learntKeysReplaceThePasswordOnlyWhenRemembering() {
        var (p, tasks) = afterForm(remember: true)
        guard case .start(let chosen, register: false)? = tasks.last else { Issue.record("no start: \(tasks)"); return }
        #expect(chosen.config(register: false)?.learnScramKeys == true)
        let s = PanelFixture.session(me: "kusanagi", lines: [])
        let saved = PanelFixture.tasks(p.receive(ChatPanelMessage.session(s, notices: [.scramKeysLearned(Self.keys)]), now: 1))
        #expect(saved.count == 1)
        if case .save(let settings)? = saved.first {
            #expect(settings.scramKeys == Self.keys && settings.password.isEmpty && settings.isAccount && settings.remember)
        } else {
            Issue.record("expected a save, got \(saved)")
        }
        var (q, _) = afterForm(remember: false)
        #expect(q.settings.remember == false)
        #expect(PanelFixture.tasks(q.receive(ChatPanelMessage.session(s, notices: [.scramKeysLearned(Self.keys)]), now: 1)).isEmpty)
        #expect(q.settings.scramKeys == nil)
    }

    @Test func aSessionNeedingThePasswordBringsTheFormBackSayingWhy() {
        var settings = ChatSettings(nick: "kusanagi", remember: true, channels: ["#tachikoma"])
        settings.scramKeys = Self.keys
        settings.isAccount = true
        #expect(settings.autoConnects)
        #expect(settings.config(register: false)?.scramKeys == Self.keys)
        var p = ChatPanel(settings: settings)
        _ = p.receive(ChatPanelMessage.settingsLoaded(settings), now: 0)
        // Opened while the remembered login connects: no form in the way.
        _ = p.setOpen(true, now: 0)
        #expect(p.form == nil)
        let s = PanelFixture.session(me: "kusanagi", lines: [])
        let why = "Password needed: this server offers no SCRAM-SHA-256 login (only SCRAM keys are saved)."
        _ = p.receive(ChatPanelMessage.session(s, notices: [.passwordNeeded(why)]), now: 1)
        #expect(p.form?.message == why)
        #expect(p.form?.focus == .password)
        #expect(PanelFixture.render(p, width: 64, height: 14).contains("Password needed"))
        // Closed panel: the pet says so too.
        var closed = ChatPanel(settings: settings)
        let commands = closed.receive(ChatPanelMessage.session(s, notices: [.passwordNeeded(why)]), now: 1)
        #expect(commands.contains { if case .toast(let t) = $0 { t.contains("Password needed") } else { false } })
        // Settings whose keys were damaged never connect on their own and open on the form.
        var damaged = settings
        damaged.scramKeys = nil
        damaged.loginProblem = "Password needed: the saved login keys in chat.toml are damaged."
        #expect(!damaged.autoConnects)
        var d = ChatPanel(settings: damaged)
        _ = d.receive(ChatPanelMessage.settingsLoaded(damaged), now: 0)
        _ = d.setOpen(true, now: 0)
        #expect(d.form?.message == damaged.loginProblem)
    }
}
