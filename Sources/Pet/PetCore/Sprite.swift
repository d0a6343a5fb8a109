import ScreenCore

/// One frame of a pet animation: a grid of cells where nil is transparent (the background
/// shows through), and how long the frame stays up.
public struct SpriteFrame: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public var cells: [Cell?]
    public var duration: Double

    public init(width: Int, height: Int, cells: [Cell?], duration: Double) {
        self.width = width
        self.height = height
        self.cells = cells
        self.duration = duration
    }

    public subscript(x: Int, y: Int) -> Cell? { cells[y * width + x] }
}

/// A played animation: its frames, facing right, and where its feet are (the anchor,
/// in cells from the top-left), so animations of different sizes stand on one spot.
public struct Sprite: Hashable, Sendable {
    public var frames: [SpriteFrame]
    public var anchorX: Int
    public var anchorY: Int
    /// The same animation facing left.
    public var mirrored: [SpriteFrame]

    public init(frames: [SpriteFrame], anchorX: Int, anchorY: Int, mirrored: [SpriteFrame]? = nil) {
        self.frames = frames
        self.anchorX = anchorX
        self.anchorY = anchorY
        self.mirrored = mirrored ?? frames
    }

    public var width: Int { frames.map(\.width).max() ?? 0 }
    public var height: Int { frames.map(\.height).max() ?? 0 }
}

/// The animations a pet needs, by behaviour.
public enum AnimationName: String, CaseIterable, Sendable {
    case idle, walk, sleep, happy, talk, surprised
}

/// A set of animations that make one pet: the bundled Tachikoma or a user's skin.
public struct Skin: Sendable {
    public var name: String
    public var animations: [AnimationName: Sprite]

    public init(name: String, animations: [AnimationName: Sprite]) {
        self.name = name
        self.animations = animations
    }

    /// The animation for a behaviour, falling back to idle when a skin lacks it.
    public func sprite(_ name: AnimationName) -> Sprite {
        animations[name] ?? animations[.idle] ?? BuiltinSkin.make().animations[.idle]!
    }

    /// The largest frame of any animation: the room the pet needs.
    public var size: (width: Int, height: Int) {
        let sprites = animations.values
        return (sprites.map(\.width).max() ?? 0, sprites.map(\.height).max() ?? 0)
    }
}
