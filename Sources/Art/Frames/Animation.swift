import ScreenCore

/// One animation of the pet (idle, walk, ...) in every render mode it was converted to.
/// All frames of all modes share one size and one anchor.
public struct Animation: Hashable, Sendable {
    /// The animation's name, e.g. `idle` or `walk`.
    public var name: String
    /// Width of every frame, in columns.
    public let width: Int
    /// Height of every frame, in rows.
    public let height: Int
    /// The cell that the pet keeps in place when it switches animations.
    public var anchor: Anchor
    /// The frames of each mode the animation holds.
    public var frames: [RenderMode: [Frame]]

    /// An animation of `width` x `height` frames. Every frame must have that size.
    public init(name: String, width: Int, height: Int, anchor: Anchor, frames: [RenderMode: [Frame]]) {
        precondition(frames.values.allSatisfy { $0.allSatisfy { $0.width == width && $0.height == height } },
                     "every frame must have the animation's size")
        self.name = name
        self.width = width
        self.height = height
        self.anchor = anchor
        self.frames = frames
    }

    /// The modes present, in `RenderMode.allCases` order.
    public var modes: [RenderMode] { RenderMode.allCases.filter { frames[$0]?.isEmpty == false } }

    /// The frames to play in `mode`: the mode's own frames, or else the best other mode's,
    /// with colours reduced to what `mode` can show. Empty only if the animation is empty.
    public func frames(for mode: RenderMode) -> [Frame] {
        for candidate in mode.fallbacks {
            guard let found = frames[candidate], !found.isEmpty else { continue }
            if candidate == mode || candidate.colorDepth <= mode.colorDepth { return found }
            return found.map { $0.reduced(to: mode.colorDepth) }
        }
        return []
    }

    /// The animation facing the other way: every frame mirrored, the anchor moved with it.
    public func mirrored() -> Animation {
        Animation(
            name: name, width: width, height: height,
            anchor: Anchor(x: width - 1 - anchor.x, y: anchor.y),
            frames: frames.mapValues { $0.map { $0.mirrored() } }
        )
    }

    /// The length of one loop of `mode`'s frames, in milliseconds.
    public func loopDurationMs(for mode: RenderMode) -> Int {
        frames(for: mode).reduce(0) { $0 + $1.durationMs }
    }
}
