import WordBook
import TerminalInput

/// A fact the pet app reacts to. Input, time and results of effects all arrive as events;
/// `Panels` is the app's set of panels, whose messages they carry.
public enum AppEvent<Panels: PanelSet>: Sendable {
    case input(InputEvent)
    /// Time passed (the loop woke up for a deadline).
    case tick
    case resized(width: Int, height: Int)
    /// Any part of the program wants to say something in the speech bubble.
    case toast(String)
    /// SIGTERM or SIGHUP: leave cleanly.
    case terminate
    /// A skin finished loading (or failed, with the reason in a toast).
    case skinLoaded(Skin)
    /// A result for a panel from its handler (delivered whether the panel is open or not).
    case panel(Panels.Message)
    /// The pet reacts to something outside it (a friend came online).
    case react(PetReaction)
    /// The unread count on the pet's badge.
    case unread(Int)
    /// The bundled chat server is now offered to the local network, or no longer.
    case sharingServer(Bool)
    /// A friend's pet comes to visit.
    case visit(Visitor)
    /// Whom our pet can visit (the menu's Visit ▸ list).
    case visitTargets([String])
    /// The card asked for by `Effect.quizWanted` (nil: no word is due).
    case quizCard(QuizCard?)
    /// The word book cannot be opened or written; the reason is for the user. Quizzes stop.
    case wordBookUnavailable(String)
}

/// A command the app asks its runner to carry out; results come back as events.
public enum Effect<Panels: PanelSet>: Sendable {
    case quit
    case suspend
    /// Report all mouse motion (for hover) or only buttons and drags (cheaper).
    case mouseTracking(allMotion: Bool)
    case screenshot
    case loadSkin(String)
    /// Offer the bundled chat server to the local network (true) or stop (false).
    case shareServer(Bool)
    /// Send our pet to visit this nick.
    case sendVisit(String)
    /// Our pet's look changed (another skin): friends should see the new one.
    case lookChanged(skin: String, hue: Int)
    /// Work for a panel's handler.
    case panelTask(Panels.Task)
    /// The user has been idle long enough: make a quiz card from the word book's due words.
    case quizWanted
    /// A quiz card was answered: reschedule the word (SM-2).
    case quizAnswered(word: String, correct: Bool)
}
