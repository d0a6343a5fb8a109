import ScreenCore
import TachikomaVersion

/// Everything the pet app is: the screen size, the pet and its skin, the menu, the bubble,
/// the app's panels. A plain value: `reduce` changes it, `AppView.render` draws it.
public struct AppState<Panels: PanelSet>: Sendable {
    public var width: Int
    public var height: Int
    public var skin: Skin
    /// Skin names that can be chosen in the menu.
    public var skins: [String]
    public var pet: PetBehaviour
    public var menu: Menu?
    public var toasts = ToastQueue()
    /// A left press on the pet, not yet known to be a click or a drag.
    var press: (x: Int, y: Int, dragged: Bool)?
    public var unread = 0
    /// Whether the bundled chat server is offered to the local network (the menu's
    /// "Share my server" item), as the app last reported.
    public var sharingServer = false
    /// A friend's pet visiting now.
    public var visit: VisitState?
    /// Whether visitors are let in (`visits = false` in the config refuses them).
    public var visitsAllowed = true
    /// Whom our pet can visit (the menu's Visit ▸ list).
    public var visitTargets: [String] = []
    /// Degrees our skin's colours are turned by (`hue` in the config; what visits show too).
    public var hue = 0
    /// The skin as loaded, before `hue` turned it (a visitor in the same skin starts from it).
    public var baseSkin: Skin?
    public var version = TachikomaVersion.string
    /// The app's panels, open or not (closed ones keep their state).
    public var panels: Panels
    /// The id of the open panel, if any.
    public var openPanel: Panels.ID?
    /// The word-book quiz: its idle timer and the card in the bubble.
    public var quiz = QuizState()

    public init(panels: Panels, width: Int, height: Int, skin: Skin, skins: [String] = [], now: Double,
                settings: BehaviourConfig = .init(), seed: UInt64 = 1) {
        self.panels = panels
        self.width = width
        self.height = height
        self.skin = skin
        self.skins = skins
        let maxX = max(0, width - skin.size.width)
        pet = PetBehaviour(x: maxX / 2, now: now, settings: settings, seed: seed)
        quiz.idleSince = now
    }

    /// Where the open panel goes: the left part of the screen, leaving the pet a strip on
    /// the right; the whole screen when the pane is too narrow for both.
    public var panelArea: Rect? {
        guard openPanel != nil else { return nil }
        let minPanel = 44
        let strip = skin.size.width + 6
        let w = width - strip >= minPanel ? min(width - strip, 110) : (width - skin.size.width >= minPanel ? width - skin.size.width : width)
        return Rect(x: 0, y: 0, width: w, height: height)
    }

    /// The part of the screen the pet lives in (all of it unless a panel is open).
    public var petArea: Rect {
        guard let panel = panelArea else { return Rect(x: 0, y: 0, width: width, height: height) }
        return Rect(x: panel.maxX, y: 0, width: width - panel.maxX, height: height)
    }

    /// The rightmost column (within the pet area) the pet may stand at.
    public var petMaxX: Int { max(0, petArea.width - skin.size.width) }

    /// Whether the pane is too small to show the pet.
    public var tooSmall: Bool { width < skin.size.width || height < skin.size.height + 1 }

    /// Whether the pet is hidden because a panel leaves it no room.
    public var petHidden: Bool { openPanel != nil && petArea.width < skin.size.width }

    /// The sprite shown now and its frame.
    public var currentSprite: Sprite { skin.sprite(pet.animation) }

    public var currentFrame: SpriteFrame {
        let sprite = currentSprite
        let frames = pet.facingRight ? sprite.frames : sprite.mirrored
        return frames[min(pet.frameIndex, frames.count - 1)]
    }

    /// Where the current frame is drawn: its feet on the bottom line (lifted while dragged).
    public var petRect: Rect {
        let frame = currentFrame
        let size = skin.size
        let x = petArea.x + pet.x + (size.width - frame.width) / 2
        let y = height - frame.height - pet.lift
        return Rect(x: x, y: y, width: frame.width, height: frame.height)
    }

    /// The durations of the current animation's frames.
    var frameDurations: [Double] { currentSprite.frames.map(\.duration) }

    /// When the app next needs to wake without input; nil to sleep until input.
    public func nextDeadline() -> Double? {
        var times = [pet.nextDeadline(frameDurations: frameDurations), toasts.deadline].compactMap { $0 }
        if let id = openPanel, let t = panels.nextDeadline(id) { times.append(t) }
        if let v = visit { times.append(v.nextDeadline) }
        if let q = quizDeadline { times.append(q) }
        return times.min()
    }
}

extension AppState where Panels == NoPanels {
    /// A pet with no panels.
    public init(width: Int, height: Int, skin: Skin, skins: [String] = [], now: Double,
                settings: BehaviourConfig = .init(), seed: UInt64 = 1) {
        self.init(panels: NoPanels(), width: width, height: height, skin: skin, skins: skins, now: now,
                  settings: settings, seed: seed)
    }
}
