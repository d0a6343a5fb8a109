import Testing
import WordBook

/// SM-2 as published (Wozniak 1990, §3.2): I(1) = 1, I(2) = 6, I(n) = I(n−1) × EF rounded
/// up; EF' = EF + (0.1 − (5 − q)(0.08 + (5 − q) × 0.02)), never below 1.3; q < 3 restarts
/// the repetitions. Every expected value here is worked out by hand from those constants.
@Suite struct SM2Tests {
    /// EF' by the published formula, written out independently of the code under test.
    static func published(_ ef: Double, _ q: Int) -> Double {
        let d = Double(5 - q)
        return max(1.3, ef + 0.1 - d * (0.08 + d * 0.02))
    }

    @Test func theFormulaChangesEasinessByThePublishedSteps() {
        // q=5: +0.10, q=4: 0, q=3: −0.14, q=2: −0.32, q=1: −0.54, q=0: −0.80.
        #expect(abs(Self.published(2.5, 5) - 2.6) < 1e-9)
        #expect(abs(Self.published(2.5, 4) - 2.5) < 1e-9)
        #expect(abs(Self.published(2.5, 3) - 2.36) < 1e-9)
        #expect(abs(Self.published(2.5, 2) - 2.18) < 1e-9)
        #expect(abs(Self.published(2.5, 1) - 1.96) < 1e-9)
        #expect(abs(Self.published(2.5, 0) - 1.70) < 1e-9)
        for q in 0...5 {
            let got = SM2.new.reviewed(grade: q).easiness
            #expect(abs(got - Self.published(2.5, q)) < 1e-9, "q=\(q)")
        }
    }

    @Test func rightAnswersGiveOneSixThenTimesEasiness() {
        // Grade 4 keeps EF at 2.5: intervals 1, 6, ⌈6 × 2.5⌉ = 15, ⌈15 × 2.5⌉ = ⌈37.5⌉ = 38,
        // ⌈38 × 2.5⌉ = 95.
        var s = SM2.new
        #expect(s.easiness == 2.5 && s.interval == 0 && s.repetitions == 0)
        var intervals: [Int] = []
        for _ in 0..<5 {
            s = s.reviewed(grade: 4)
            intervals.append(s.interval)
        }
        #expect(intervals == [1, 6, 15, 38, 95])
        #expect(s.repetitions == 5)
        #expect(abs(s.easiness - 2.5) < 1e-9)
    }

    @Test func perfectAnswersGrowEasinessAndTheIntervalUsesTheEasinessBeforeTheAnswer() {
        // Grade 5: EF 2.5 → 2.6 → 2.7 → 2.8. Intervals: 1, 6, then ⌈6 × 2.7⌉ = ⌈16.2⌉ = 17
        // (the third answer finds EF = 2.7), then ⌈17 × 2.8⌉ = ⌈47.6⌉ = 48.
        var s = SM2.new
        var intervals: [Int] = []
        for _ in 0..<4 {
            s = s.reviewed(grade: 5)
            intervals.append(s.interval)
        }
        #expect(intervals == [1, 6, 17, 48])
        #expect(abs(s.easiness - 2.9) < 1e-9)
    }

    @Test func aFailureRestartsTheRepetitionsButKeepsTheLoweredEasiness() {
        // Three right answers (grade 4): 1, 6, 15 days, EF 2.5. A wrong one (grade 1): back to
        // 1 day, repetitions 0, EF 2.5 − 0.54 = 1.96. Then right again: 1, 6, ⌈6 × 1.96⌉ =
        // ⌈11.76⌉ = 12.
        var s = SM2.new
        for _ in 0..<3 { s = s.reviewed(grade: 4) }
        #expect(s.interval == 15 && s.repetitions == 3)
        s = s.reviewed(grade: 1)
        #expect(s.interval == 1)
        #expect(s.repetitions == 0)
        #expect(abs(s.easiness - 1.96) < 1e-9)
        var intervals: [Int] = []
        for _ in 0..<3 {
            s = s.reviewed(grade: 4)
            intervals.append(s.interval)
        }
        #expect(intervals == [1, 6, 12])
    }

    @Test func gradeThreeStillPassesAndTwoFails() {
        let three = SM2.new.reviewed(grade: 3)
        #expect(three.repetitions == 1 && three.interval == 1)
        #expect(abs(three.easiness - 2.36) < 1e-9)
        let two = SM2(easiness: 2.5, interval: 15, repetitions: 3).reviewed(grade: 2)
        #expect(two.repetitions == 0 && two.interval == 1)
        #expect(abs(two.easiness - 2.18) < 1e-9)
    }

    @Test func easinessNeverFallsBelowOnePointThree() {
        // 2.5 − 0.8 = 1.7, 1.7 − 0.8 = 0.9 → 1.3, and it stays there.
        var s = SM2.new
        s = s.reviewed(grade: 0)
        #expect(abs(s.easiness - 1.7) < 1e-9)
        s = s.reviewed(grade: 0)
        #expect(s.easiness == 1.3)
        s = s.reviewed(grade: 1)
        #expect(s.easiness == 1.3)
        // At the floor the intervals still grow: 1, 6, ⌈6 × 1.3⌉ = ⌈7.8⌉ = 8.
        var intervals: [Int] = []
        for _ in 0..<3 {
            s = s.reviewed(grade: 4)
            intervals.append(s.interval)
        }
        #expect(intervals == [1, 6, 8])
    }

    @Test func quizAnswersMapToGradesFourAndOne() {
        #expect(SM2.rightAnswerGrade == 4)
        #expect(SM2.wrongAnswerGrade == 1)
    }

    @Test func aReviewedWordIsDueIntervalDaysLater() {
        let added = 1_000_000.0
        let word = WordRecord(word: "apple", partOfSpeech: "n.", sense: "苹果", entry: "n. 苹果", added: added)
        #expect(word.isDue(at: added))
        let now = added + 3600
        let once = word.reviewed(grade: 4, at: now)
        #expect(once.due == now + 86_400)
        #expect(!once.isDue(at: now + 86_399))
        let twice = once.reviewed(grade: 4, at: once.due)
        #expect(twice.due == once.due + 6 * 86_400)
        let wrong = twice.reviewed(grade: 1, at: twice.due)
        #expect(wrong.due == twice.due + 86_400 && wrong.schedule.repetitions == 0)
    }
}
