/// The cell of an animation that stays put between animations: usually the middle of
/// the ground line under the pet's feet. The pet places an animation by its anchor.
public struct Anchor: Hashable, Sendable {
    /// Column from the left edge, from 0.
    public var x: Int
    /// Row from the top edge, from 0.
    public var y: Int

    /// The anchor at column `x`, row `y`.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}
