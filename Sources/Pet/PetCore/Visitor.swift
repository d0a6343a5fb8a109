import ScreenCore

/// A friend's pet that comes to visit: whose it is and how it looks (a skin this pet has,
/// recoloured by a hue). A look the pet cannot draw falls back to the builtin skin; a pet
/// never draws frames it did not ship with.
public struct Visitor: Hashable, Sendable {
    /// The friend's nick, shown under the visiting pet.
    public var nick: String
    /// The skin it asked for (nil: the builtin one).
    public var skin: String?
    /// Degrees the skin's colours are turned by (nil: as drawn).
    public var hue: Int?

    public init(nick: String, skin: String? = nil, hue: Int? = nil) {
        self.nick = String(nick.prefix(30))
        self.skin = skin
        self.hue = hue.map { (($0 % 360) + 360) % 360 }
    }
}

/// A visit in progress: the visitor walks in from the edge farther from the pet, both
/// greet, it stays a while, then walks out.
public struct VisitState: Sendable {
    public enum Phase: Sendable, Equatable {
        case arriving, greeting, leaving
    }

    public var visitor: Visitor
    /// The skin it is drawn with, already recoloured.
    var skin: Skin
    /// Column of its left edge inside the pet area (negative or past the width while off
    /// screen).
    public internal(set) var x: Int
    /// +1 walking right, -1 walking left (while arriving; the way out is the way in).
    var direction: Int
    public internal(set) var phase: Phase = .arriving
    var phaseStart: Double
    var lastStep: Double

    /// Seconds between one-column steps.
    static let stepInterval = 0.12
    /// Seconds the two pets spend together.
    static let stay = 6.0

    /// The next time the visit needs the clock.
    var nextDeadline: Double {
        phase == .greeting ? phaseStart + Self.stay : lastStep + Self.stepInterval
    }

    /// Whether it faces right now.
    var facingRight: Bool { phase == .leaving ? direction < 0 : direction > 0 }
}

extension AppState {
    /// Starts a visit unless visits are off, the pet is in quiet mode, another visit is on,
    /// or the pane is too small to show two pets.
    mutating func startVisit(_ visitor: Visitor, now: Double) {
        guard visitsAllowed, !pet.quiet, visit == nil, !tooSmall, petArea.width >= 2 * skin.size.width + 4 else { return }
        var look = visitor.skin == skin.name ? (baseSkin ?? skin) : BuiltinSkin.make()
        if let hue = visitor.hue { look = look.recoloured(hue: hue) }
        let width = look.size.width
        // Enter from the side with more room between the edge and our pet.
        let fromRight = pet.x < petArea.width / 2 - skin.size.width / 2
        let start = fromRight ? petArea.width : -width
        visit = VisitState(visitor: visitor, skin: look, x: start, direction: fromRight ? -1 : 1,
                           phaseStart: now, lastStep: now)
    }

    /// Moves a visit along at time `now`.
    mutating func advanceVisit(now: Double) {
        guard var v = visit else { return }
        let width = v.skin.size.width
        switch v.phase {
        case .arriving:
            while now >= v.lastStep + VisitState.stepInterval {
                v.lastStep += VisitState.stepInterval
                v.x += v.direction
                let gap = v.direction < 0 ? v.x - (pet.x + skin.size.width) : pet.x - (v.x + width)
                if gap <= 2 {
                    v.phase = .greeting
                    v.phaseStart = now
                    pet.poke(now: now)
                    toasts.post("\(v.visitor.nick)'s pet came to visit!", now: now)
                    break
                }
            }
        case .greeting:
            if now >= v.phaseStart + VisitState.stay {
                v.phase = .leaving
                v.lastStep = now
            }
        case .leaving:
            while now >= v.lastStep + VisitState.stepInterval {
                v.lastStep += VisitState.stepInterval
                v.x -= v.direction
            }
            if v.x + width < 0 || v.x > petArea.width {
                visit = nil
                return
            }
        }
        visit = v
    }

    /// The visiting pet's frame now and where it goes: feet one line above the bottom (the
    /// nick goes under it).
    func visitorFrame(now: Double) -> (SpriteFrame, Rect)? {
        guard let v = visit else { return nil }
        let sprite = v.skin.sprite(v.phase == .greeting ? .happy : .walk)
        let frames = v.facingRight ? sprite.frames : sprite.mirrored
        guard !frames.isEmpty else { return nil }
        let period = max(0.05, frames.map(\.duration).reduce(0, +))
        var t = (now - v.phaseStart).truncatingRemainder(dividingBy: period)
        var index = 0
        while index < frames.count - 1 && t >= frames[index].duration {
            t -= frames[index].duration
            index += 1
        }
        let frame = frames[index]
        let x = petArea.x + v.x + (v.skin.size.width - frame.width) / 2
        return (frame, Rect(x: x, y: height - 1 - frame.height, width: frame.width, height: frame.height))
    }
}

extension Skin {
    /// The same skin with every colour's hue turned by `degrees` (greys stay grey).
    public func recoloured(hue degrees: Int) -> Skin {
        guard degrees % 360 != 0 else { return self }
        var out = self
        for (name, sprite) in animations {
            func turn(_ frames: [SpriteFrame]) -> [SpriteFrame] {
                frames.map { frame in
                    var f = frame
                    f.cells = frame.cells.map { cell in
                        guard var c = cell else { return nil }
                        c.style.fg = c.style.fg.turned(by: degrees)
                        c.style.bg = c.style.bg.turned(by: degrees)
                        return c
                    }
                    return f
                }
            }
            out.animations[name] = Sprite(frames: turn(sprite.frames), anchorX: sprite.anchorX, anchorY: sprite.anchorY,
                                          mirrored: turn(sprite.mirrored))
        }
        return out
    }
}

extension Color {
    /// The colour with its hue turned by `degrees`; palette colours stay palette colours
    /// (the nearest cube entry), the default stays the default.
    func turned(by degrees: Int) -> Color {
        switch self {
        case .default:
            return self
        case .palette(let i):
            let turned = XtermPalette.rgb(i).turned(by: degrees)
            return turned == XtermPalette.rgb(i) ? self : .palette(XtermPalette.nearest256(turned))
        case .rgb(let c):
            return .rgb(c.turned(by: degrees))
        }
    }
}

extension RGB {
    /// Hue rotation in HSV (saturation and value kept).
    func turned(by degrees: Int) -> RGB {
        let r = Double(self.r) / 255, g = Double(self.g) / 255, b = Double(self.b) / 255
        let maxV = Swift.max(r, g, b), minV = Swift.min(r, g, b)
        let delta = maxV - minV
        guard delta > 0.02 else { return self }
        var h: Double
        if maxV == r { h = (g - b) / delta } else if maxV == g { h = (b - r) / delta + 2 } else { h = (r - g) / delta + 4 }
        h = (h * 60 + Double(degrees)).truncatingRemainder(dividingBy: 360)
        if h < 0 { h += 360 }
        let s = delta / maxV, v = maxV
        let c = v * s, x = c * (1 - abs((h / 60).truncatingRemainder(dividingBy: 2) - 1)), m = v - c
        let (r1, g1, b1): (Double, Double, Double)
        switch h {
        case ..<60: (r1, g1, b1) = (c, x, 0)
        case ..<120: (r1, g1, b1) = (x, c, 0)
        case ..<180: (r1, g1, b1) = (0, c, x)
        case ..<240: (r1, g1, b1) = (0, x, c)
        case ..<300: (r1, g1, b1) = (x, 0, c)
        default: (r1, g1, b1) = (c, 0, x)
        }
        func byte(_ v: Double) -> UInt8 { UInt8(Swift.max(0, Swift.min(255, ((v + m) * 255).rounded()))) }
        return RGB(byte(r1), byte(g1), byte(b1))
    }
}
