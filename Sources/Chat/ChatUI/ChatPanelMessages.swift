import ChatCore

/// Work the chat panel asks of its handler (the app's chat wiring), as `PanelCommand.task`.
public enum ChatTask: Hashable, Sendable {
    /// Connect with these settings (after the form, or at start when remembered);
    /// `register` creates the account first.
    case start(ChatSettings, register: Bool)
    /// Hand an intent to the running session.
    case intent(ChatIntent)
    /// Store the settings (friends changed, or "remember me").
    case save(ChatSettings)
    /// Forget stored credentials and disconnect (back to the form).
    case logout
    /// Look for servers on the local network (mDNS) for a few seconds and answer with
    /// `ChatPanelMessage.discovered`; asked again after each answer while the form is open.
    case discover
    /// Look `text` up in the offline dictionary for buffer `buffer` and answer with
    /// `ChatPanelMessage.gloss` (`anchor`: the message it glosses; nil for `/tr WORDS`).
    case gloss(buffer: String, anchor: GlossAnchor?, text: String)
}

/// The message a gloss belongs under: its time and text.
public struct GlossAnchor: Hashable, Sendable {
    public var time: Double
    public var text: String
    public init(time: Double, text: String) {
        self.time = time
        self.text = text
    }
}

/// Results the handler posts to the panel (`AppEvent.panel`, wrapped in the app's panel message).
public enum ChatPanelMessage: Sendable {
    /// The settings found on disk at start (fills the form; `remember` means already connecting).
    case settingsLoaded(ChatSettings)
    /// The session changed; `notices` are the happenings since the last update.
    case session(ChatSession, notices: [ChatNotice])
    /// Something went wrong outside the session (could not start the local server…).
    case failure(String)
    /// The servers the last look at the local network found (for the login form's list).
    case discovered([LoginForm.FoundServer])
    /// The dictionary's lines for a `ChatTask.gloss` (or why there are none).
    case gloss(buffer: String, anchor: GlossAnchor?, lines: [String])
    /// The words of the user's word book (lower case): underlined in others' messages.
    case wordBook(Set<String>)
}
