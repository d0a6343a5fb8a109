import ScreenCore
import TerminalInput
import WordBook

/// The word-book quiz as the pet runs it: after the user has been idle for `afterIdle`
/// seconds (never in quiet mode, never while the menu or a panel is open) the app asks its
/// runner for a card (`Effect.quizWanted`); the card that comes back (`AppEvent.quizCard`)
/// shows in the speech bubble until it is answered (keys 1/2/3 or a click on a choice),
/// dismissed (Esc) or ignored for `showFor` seconds. An answer goes out as
/// `Effect.quizAnswered` for the word book to reschedule (SM-2); the pet is happy at a right
/// one and shows the entry after a wrong one. Dismissing costs nothing. A toast (a message
/// from a friend) takes the card down, and no card goes up while one is showing.
public struct QuizState: Sendable {
    /// Seconds without input before a card is asked for; nil: no quizzes.
    public var afterIdle: Double?
    /// When idleness is counted from: the last input, or the end of the last card.
    public internal(set) var idleSince: Double = 0
    /// A card was asked for and has not come back yet.
    public internal(set) var requested = false
    /// The card in the bubble.
    public internal(set) var card: QuizCard?
    /// When the card went up.
    public internal(set) var shownAt: Double = 0
    /// Seconds an unanswered card stays up.
    public static let showFor = 120.0

    /// Quizzes after `afterIdle` seconds of idleness (nil or 0: none).
    public init(afterIdle: Double? = nil) {
        self.afterIdle = afterIdle.flatMap { $0 > 0 ? $0 : nil }
    }
}

extension AppState {
    /// Whether a card may be asked for or shown now: quizzes on, not quiet, no menu, no
    /// panel, and nothing else being said (a toast — a friend's message — goes first, and
    /// takes a card down).
    var quizAllowed: Bool {
        quiz.afterIdle != nil && !pet.quiet && menu == nil && openPanel == nil && !tooSmall && toasts.current == nil
    }

    /// When the quiz next needs the clock.
    var quizDeadline: Double? {
        if quiz.card != nil { return quiz.shownAt + QuizState.showFor }
        guard let after = quiz.afterIdle, !quiz.requested, quizAllowed else { return nil }
        return quiz.idleSince + after
    }

    /// Moves the quiz on at `now`: asks for a card once the user has been idle long enough,
    /// and takes a card down when it was ignored or a menu, a panel or quiet mode came up.
    mutating func advanceQuiz(now: Double) -> [Effect<Panels>] {
        if quiz.card != nil {
            if !quizAllowed || now >= quiz.shownAt + QuizState.showFor { endQuizCard(now: now) }
            return []
        }
        guard let after = quiz.afterIdle, !quiz.requested, quizAllowed, now >= quiz.idleSince + after else { return [] }
        quiz.requested = true
        return [.quizWanted]
    }

    /// A card (or none: nothing is due) came back for the request.
    mutating func receiveQuizCard(_ card: QuizCard?, now: Double) {
        quiz.requested = false
        guard let card, card.choices.count == 3, quizAllowed, let after = quiz.afterIdle,
              now >= quiz.idleSince + after else {
            // Nothing due, or the user came back meanwhile: wait for another idle spell.
            quiz.idleSince = now
            return
        }
        quiz.card = card
        quiz.shownAt = now
    }

    /// The book cannot be used: no more quizzes, and the user is told why once.
    mutating func disableQuizzes(_ reason: String, now: Double) {
        quiz.afterIdle = nil
        quiz.card = nil
        quiz.requested = false
        toasts.post(reason, now: now)
    }

    /// The card goes down without an answer (Esc, ignored): no penalty.
    mutating func endQuizCard(now: Double) {
        quiz.card = nil
        quiz.idleSince = now
    }

    /// The user chose `choice` (0, 1 or 2) on the card shown.
    mutating func answerQuiz(_ choice: Int, now: Double) -> [Effect<Panels>] {
        guard let card = quiz.card, card.choices.indices.contains(choice) else { return [] }
        endQuizCard(now: now)
        let right = choice == card.answer
        if right {
            pet.poke(now: now)
        } else {
            let pos = card.partOfSpeech.isEmpty ? "" : " \(card.partOfSpeech)"
            let entry = card.entry.split(separator: "\n").prefix(4).joined(separator: "; ")
            toasts.post("✗ \(card.word)\(pos) = \(card.rightSense)  (\(entry))", now: now)
        }
        return [.quizAnswered(word: card.word, correct: right)]
    }

    /// Input while a card is up, before the pet sees it; nil when the card does not take it.
    mutating func reduceQuizInput(_ input: InputEvent, now: Double) -> [Effect<Panels>]? {
        guard quiz.card != nil else { return nil }
        switch input {
        case .key(.char("1"), []): return answerQuiz(0, now: now)
        case .key(.char("2"), []): return answerQuiz(1, now: now)
        case .key(.char("3"), []): return answerQuiz(2, now: now)
        case .key(.escape, _):
            endQuizCard(now: now)
            return []
        case .mouse(let m) where m.action == .press && m.button == .left:
            guard let bubble = AppView.bubbleRect(self), bubble.contains(x: m.x, y: m.y) else { return nil }
            if let choice = AppView.quizChoice(self, x: m.x, y: m.y) { return answerQuiz(choice, now: now) }
            return []
        default:
            return nil
        }
    }
}

extension AppView {
    /// The bubble's lines while a card is up: the question, the three choices (each with
    /// the index it answers), and how to answer.
    static func quizLines(_ card: QuizCard, width: Int) -> [(text: String, choice: Int?)] {
        var lines: [(String, Int?)] = []
        let pos = card.partOfSpeech.isEmpty ? "" : " (\(card.partOfSpeech))"
        for l in TextWrap.lines("\(card.word)\(pos) ?", width: width) { lines.append((l, nil)) }
        for (i, choice) in card.choices.enumerated() {
            for l in TextWrap.lines("\(i + 1)  \(choice)", width: width) { lines.append((l, i)) }
        }
        for l in TextWrap.lines("1/2/3 or click · Esc", width: width) { lines.append((l, nil)) }
        return lines
    }

    /// The choice whose row of the quiz bubble is at (x, y), if any.
    public static func quizChoice(_ state: AppState<some PanelSet>, x: Int, y: Int) -> Int? {
        guard let card = state.quiz.card, let r = bubbleRect(state), r.inset(by: 1).contains(x: x, y: y) else { return nil }
        let lines = quizLines(card, width: max(1, r.width - 4))
        let i = y - (r.y + 1)
        return lines.indices.contains(i) ? lines[i].choice : nil
    }
}
