import ChatUI
import PetApp
import PetCore
import ScreenCore
import TerminalInput
import TranslateUI

/// The pet's panels, composed here: the chat and the translator. PetCore knows them only
/// as a `PanelSet`; each panel's messages and tasks keep their own types inside the cases.
struct PetPanels: PanelSet {
    enum ID: Hashable, Sendable {
        case chat, translate
    }

    /// What the app's handlers post back, for one panel or the other.
    enum Message: Sendable {
        case chat(ChatPanelMessage)
        case translate(TranslateMessage)
    }

    /// The work the panels ask for, carried out by `PetSetup`'s task handler.
    enum Task: Sendable {
        case chat(ChatTask)
        case translate(TranslateTask)
    }

    var chat: ChatPanel
    var translate = TranslatePanel()

    var entries: [PanelEntry<ID>] {
        [PanelEntry(id: .chat, title: chat.title, key: "c", keyHelp: "chat"),
         PanelEntry(id: .translate, title: translate.title, key: "t", keyHelp: "translate")]
    }

    func panel(for message: Message) -> ID {
        switch message {
        case .chat: .chat
        case .translate: .translate
        }
    }

    mutating func handle(_ id: ID, _ input: InputEvent, area: Rect, now: Double) -> [PanelCommand<Task>] {
        switch id {
        case .chat: chat.handle(input, area: area, now: now).map { $0.mapTask(Task.chat) }
        case .translate: translate.handle(input, area: area, now: now).map { $0.mapTask(Task.translate) }
        }
    }

    mutating func receive(_ message: Message, now: Double) -> [PanelCommand<Task>] {
        switch message {
        case .chat(let m): chat.receive(m, now: now).map { $0.mapTask(Task.chat) }
        case .translate(let m): translate.receive(m, now: now).map { $0.mapTask(Task.translate) }
        }
    }

    mutating func setOpen(_ id: ID, _ open: Bool, now: Double) -> [PanelCommand<Task>] {
        switch id {
        case .chat: chat.setOpen(open, now: now).map { $0.mapTask(Task.chat) }
        case .translate: translate.setOpen(open, now: now).map { $0.mapTask(Task.translate) }
        }
    }

    func render(_ id: ID, into buffer: inout ScreenBuffer, area: Rect, now: Double) {
        switch id {
        case .chat: chat.render(into: &buffer, area: area, now: now)
        case .translate: translate.render(into: &buffer, area: area, now: now)
        }
    }

    func nextDeadline(_ id: ID) -> Double? {
        switch id {
        case .chat: chat.nextDeadline()
        case .translate: translate.nextDeadline()
        }
    }
}

/// The inbox of the pet's UI loop.
typealias PetInbox = Inbox<PetPanels>
/// An effect of the pet's reducer.
typealias PetEffect = Effect<PetPanels>
