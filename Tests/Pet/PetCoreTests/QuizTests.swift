import ScreenCore
import TerminalInput
import Testing
import WordBook
@testable import PetCore

/// The word-book quiz in the pet's reducer: asked for after the idle time, shown in the
/// bubble, answered by key or click, dismissed by Esc or by being ignored.
@Suite struct QuizTests {
    static let card = QuizCard(word: "apple", partOfSpeech: "n.", choices: ["梨", "苹果", "椅子"], answer: 1,
                               entry: "n. 苹果, 家伙")

    func app(idle: Double? = 60) -> AppState<NoPanels> {
        var s = AppState(width: 80, height: 24, skin: BuiltinSkin.make(), now: 0)
        s.quiz.afterIdle = idle
        return s
    }

    func wantsQuiz(_ effects: [Effect<NoPanels>]) -> Bool {
        effects.contains { if case .quizWanted = $0 { true } else { false } }
    }

    func answered(_ effects: [Effect<NoPanels>]) -> (String, Bool)? {
        for e in effects { if case .quizAnswered(let w, let c) = e { return (w, c) } }
        return nil
    }

    /// Idle until the card is asked for, then the card arrives.
    func showCard(_ s: inout AppState<NoPanels>, at now: Double = 61) {
        #expect(s.nextDeadline()! <= 60)
        #expect(wantsQuiz(reduce(&s, .tick, now: now)))
        _ = reduce(&s, .quizCard(Self.card), now: now)
        #expect(s.quiz.card == Self.card)
    }

    @Test func aCardIsAskedForOnceAfterTheIdleTimeAndShownInTheBubble() {
        var s = app()
        #expect(!wantsQuiz(reduce(&s, .tick, now: 30)))
        #expect(wantsQuiz(reduce(&s, .tick, now: 60)))
        #expect(!wantsQuiz(reduce(&s, .tick, now: 61)), "asked once, not at every tick")
        _ = reduce(&s, .quizCard(Self.card), now: 61)
        let screen = AppView.render(s).plainText()
        for text in ["apple (n.) ?", "1  梨", "2  苹果", "3  椅子", "1/2/3 or click"] {
            #expect(screen.contains(text), "missing \(text) in:\n\(screen)")
        }
    }

    @Test func inputPutsTheIdleTimerBack() {
        var s = app()
        _ = reduce(&s, .input(.key(.char("h"), [])), now: 50)
        #expect(!wantsQuiz(reduce(&s, .tick, now: 60)))
        #expect(wantsQuiz(reduce(&s, .tick, now: 110)))
    }

    @Test func theRightKeyMakesThePetHappyAndReportsARightAnswer() {
        var s = app()
        showCard(&s)
        let effects = reduce(&s, .input(.key(.char("2"), [])), now: 62)
        #expect(s.quiz.card == nil)
        #expect(answered(effects)! == ("apple", true))
        #expect(s.pet.activity == .happy)
    }

    @Test func aWrongAnswerShowsTheEntry() {
        var s = app()
        showCard(&s)
        let effects = reduce(&s, .input(.key(.char("3"), [])), now: 62)
        #expect(answered(effects)! == ("apple", false))
        #expect(s.quiz.card == nil)
        #expect(s.toasts.current?.contains("apple n. = 苹果") == true)
        #expect(s.toasts.current?.contains("家伙") == true)
    }

    @Test func aClickOnAChoiceAnswersIt() throws {
        var s = app()
        showCard(&s)
        let bubble = try #require(AppView.bubbleRect(s))
        let rows = (bubble.y..<bubble.maxY).filter { AppView.quizChoice(s, x: bubble.x + 3, y: $0) == 1 }
        let row = try #require(rows.first)
        #expect(AppView.render(s).plainText().split(separator: "\n", omittingEmptySubsequences: false)[row].contains("苹果"))
        let effects = reduce(&s, .input(.mouse(MouseEvent(action: .press, button: .left, x: bubble.x + 3, y: row))), now: 62)
        #expect(answered(effects)! == ("apple", true))
    }

    @Test func escapeOrIgnoringDismissesWithoutAnAnswer() {
        var s = app()
        showCard(&s)
        let effects = reduce(&s, .input(.key(.escape, [])), now: 62)
        #expect(s.quiz.card == nil)
        #expect(answered(effects) == nil)
        // The next card waits for another idle spell.
        #expect(!wantsQuiz(reduce(&s, .tick, now: 100)))
        #expect(wantsQuiz(reduce(&s, .tick, now: 122)))
        _ = reduce(&s, .quizCard(Self.card), now: 122)
        let later = reduce(&s, .tick, now: 122 + QuizState.showFor)
        #expect(s.quiz.card == nil)
        #expect(answered(later) == nil)
    }

    @Test func neverInQuietModeNorWithTheMenuOrAPanelOpenNorWhenOff() {
        var quiet = app()
        quiet.pet.quiet = true
        #expect(!wantsQuiz(reduce(&quiet, .tick, now: 1000)))

        var menu = app()
        _ = reduce(&menu, .input(.key(.char("m"), [])), now: 1)
        #expect(menu.menu != nil)
        #expect(!wantsQuiz(reduce(&menu, .tick, now: 1000)))

        var off = app(idle: nil)
        #expect(!wantsQuiz(reduce(&off, .tick, now: 100_000)))
        #expect(QuizState(afterIdle: 0).afterIdle == nil)

        // A card that arrives after the menu opened is not shown.
        var late = app()
        #expect(wantsQuiz(reduce(&late, .tick, now: 61)))
        _ = reduce(&late, .input(.key(.char("m"), [])), now: 62)
        _ = reduce(&late, .quizCard(Self.card), now: 62)
        #expect(late.quiz.card == nil)
        // Opening the menu takes a card down.
        var shown = app()
        showCard(&shown)
        _ = reduce(&shown, .input(.mouse(MouseEvent(action: .press, button: .right, x: 5, y: 5))), now: 62)
        #expect(shown.quiz.card == nil)
    }

    @Test func noCardDueWaitsForAnotherIdleSpellAndABrokenBookStopsQuizzes() {
        var s = app()
        #expect(wantsQuiz(reduce(&s, .tick, now: 60)))
        _ = reduce(&s, .quizCard(nil), now: 60)
        #expect(!wantsQuiz(reduce(&s, .tick, now: 100)))
        #expect(wantsQuiz(reduce(&s, .tick, now: 120)))
        _ = reduce(&s, .wordBookUnavailable("Word book unusable: not a database"), now: 121)
        #expect(s.toasts.current?.contains("not a database") == true)
        #expect(!wantsQuiz(reduce(&s, .tick, now: 10_000)))
    }

    @Test func aToastTakesTheCardDownAndNoCardGoesUpOverOne() {
        var s = app()
        showCard(&s)
        _ = reduce(&s, .toast("batou: lunch?"), now: 62)
        #expect(s.quiz.card == nil)
        #expect(AppView.render(s).plainText().contains("batou: lunch?"))
        // While a toast shows, the card waits, and the idle time counts on.
        var t = app()
        _ = reduce(&t, .toast("Skin: tachikoma"), now: 59)
        #expect(!wantsQuiz(reduce(&t, .tick, now: 60)))
        let gone = t.toasts.deadline!
        #expect(wantsQuiz(reduce(&t, .tick, now: gone)))
    }
}
