/// SM-2, the spaced-repetition algorithm of SuperMemo 2: P. A. Wozniak, *Optimization of
/// Learning*, Master's thesis, University of Technology in Poznań, 1990, §3.2 ("Algorithm
/// SM-2"). A word's schedule is its easiness factor (E-Factor), the interval to its next
/// review and how many reviews in a row it has passed; each answer graded 0–5 moves it on.
///
/// The rules, as published:
/// - intervals: I(1) = 1 day, I(2) = 6 days, I(n) = I(n−1) × EF for n > 2, a fraction
///   rounded up to whole days;
/// - after each answer of quality q: EF' = EF + (0.1 − (5 − q) × (0.08 + (5 − q) × 0.02)),
///   never below 1.3; a new item starts at EF = 2.5;
/// - q < 3 starts the repetitions again from I(1), keeping the E-Factor (it is not reset to
///   2.5; the formula above still applies, as in the usual reading of steps 5 and 6).
///
/// The interval is computed with the E-Factor the item had before this answer (the thesis
/// orders it so: the interval of step 3, then the E-Factor update of step 5).
public struct SM2: Hashable, Sendable, Codable {
    /// The E-Factor: how fast the intervals grow (≥ 1.3; 2.5 for a new word).
    public var easiness: Double
    /// Days until the next review (0 for a word never reviewed).
    public var interval: Int
    /// Reviews passed in a row (q ≥ 3) since the last failure.
    public var repetitions: Int

    /// The published starting E-Factor.
    public static let initialEasiness = 2.5
    /// The published floor of the E-Factor.
    public static let minimumEasiness = 1.3
    /// The grade a right quiz answer counts as: "correct response after a hesitation".
    public static let rightAnswerGrade = 4
    /// The grade a wrong quiz answer counts as: "incorrect response; the correct one remembered".
    public static let wrongAnswerGrade = 1

    /// A word never reviewed.
    public static let new = SM2(easiness: initialEasiness, interval: 0, repetitions: 0)

    /// A schedule as stored (the word book reads it back from its file).
    public init(easiness: Double, interval: Int, repetitions: Int) {
        self.easiness = easiness
        self.interval = interval
        self.repetitions = repetitions
    }

    /// The schedule after an answer of quality `grade` (clamped to 0–5).
    public func reviewed(grade: Int) -> SM2 {
        let q = min(5, max(0, grade))
        var next = self
        if q >= 3 {
            switch repetitions {
            case 0: next.interval = 1
            case 1: next.interval = 6
            default: next.interval = Int((Double(max(1, interval)) * easiness).rounded(.up))
            }
            next.repetitions = repetitions + 1
        } else {
            next.repetitions = 0
            next.interval = 1
        }
        let d = Double(5 - q)
        next.easiness = max(Self.minimumEasiness, easiness + (0.1 - d * (0.08 + d * 0.02)))
        return next
    }
}
