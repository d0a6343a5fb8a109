/// One word in the word book: what the dictionary said about it, when it was looked up,
/// and its SM-2 schedule. Times are seconds since 1970 (UTC), as the store keeps them.
public struct WordRecord: Hashable, Sendable {
    /// The headword as the dictionary spells it (`keep`, also for a lookup of `kept`).
    public var word: String
    /// The part of speech of `sense` (`n.`, `vt.`, …; empty when the entry has none).
    public var partOfSpeech: String
    /// The short Chinese sense a quiz asks for (`保持`).
    public var sense: String
    /// The whole translation, one sense group per line: shown after a wrong answer.
    public var entry: String
    /// When it first went into the book.
    public var added: Double
    /// When it was last looked up.
    public var lastLookedUp: Double
    /// How many times it was looked up.
    public var lookups: Int
    /// The SM-2 state.
    public var schedule: SM2
    /// When it is next due for a quiz.
    public var due: Double

    /// A word; by default as first looked up at `added`: one lookup, a new schedule, due at once.
    public init(word: String, partOfSpeech: String, sense: String, entry: String, added: Double,
                lastLookedUp: Double? = nil, lookups: Int = 1, schedule: SM2 = .new, due: Double? = nil) {
        self.word = word
        self.partOfSpeech = partOfSpeech
        self.sense = sense
        self.entry = entry
        self.added = added
        self.lastLookedUp = lastLookedUp ?? added
        self.lookups = lookups
        self.schedule = schedule
        self.due = due ?? added
    }

    /// Seconds in a day: SM-2's intervals are days.
    public static let day = 86_400.0

    /// The record after a quiz answer of quality `grade` at time `now`: the schedule moves
    /// on and the word is due again `interval` days later.
    public func reviewed(grade: Int, at now: Double) -> WordRecord {
        var next = self
        next.schedule = schedule.reviewed(grade: grade)
        next.due = now + Double(next.schedule.interval) * Self.day
        return next
    }

    /// Whether a quiz may ask for it at `now`.
    public func isDue(at now: Double) -> Bool { due <= now }

    /// The key the book files it under: the word in lower case, so `Apple` and `apple` are
    /// one entry.
    public static func key(_ word: String) -> String { word.lowercased() }
}
