/// Where distractors come from: the dictionary's entries by position (the executable makes
/// the offline dictionary one; tests use a list). Positions run from 0 to `entryCount − 1`.
public protocol SenseSource {
    /// How many entries there are.
    var entryCount: Int { get }
    /// The headword and translation (ECDICT's lines) at `position`; nil when unreadable.
    func entry(at position: Int) -> (headword: String, translation: String)?
}
