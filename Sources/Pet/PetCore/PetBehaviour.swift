import SeededRandom

/// Tunables of the pet's behaviour, from the config file and flags.
public struct BehaviourConfig: Sendable, Hashable {
    /// Frames per second at most; frames asking for less time are held longer.
    public var fps: Double = 12
    /// Seconds without input before the pet falls asleep.
    public var sleepAfter: Double = 300
    /// Columns per second when strolling with a walk animation of a single frame (with a
    /// walk cycle, the pet moves one column per frame).
    public var walkSpeed: Double = 6
    /// Seconds between strolls, chosen at random in this range.
    public var restRange: ClosedRange<Double> = 4...12
    /// Seconds the pet holds still between two cycles of its idle or sleep animation.
    public var idlePause: ClosedRange<Double> = 1.5...4

    public init() {}
}

/// What the pet is doing. Pure state plus events, driven by an injected clock (`now`,
/// seconds on a monotonic scale) and random source: no terminal, no real time.
public struct PetBehaviour: Sendable, Hashable {
    public enum Activity: Sendable, Hashable {
        case idle
        case walking(to: Int)
        case sleeping
        case happy
        case talking
        case surprised
        case dragged
    }

    public private(set) var activity: Activity = .idle
    /// Left column of the pet.
    public private(set) var x: Int
    /// Rows the pet is lifted above the bottom line (while dragged).
    public private(set) var lift = 0
    public private(set) var facingRight = true
    public private(set) var frameIndex = 0
    /// When the shown frame gives way to the next; nil right after a change of animation.
    private var frameDue: Double?
    private var stepDue: Double = .infinity
    private var activityUntil: Double = .infinity
    private var nextStroll: Double
    private var lastInput: Double
    private var dragOffset = 0
    public var settings: BehaviourConfig
    /// When true, frames do not advance and the pet does not stroll; reactions still show.
    public var quiet = false
    private var rng: SplitMix64

    public init(x: Int, now: Double, settings: BehaviourConfig = .init(), seed: UInt64 = 1) {
        self.x = x
        self.settings = settings
        rng = SplitMix64(seed: seed)
        lastInput = now
        nextStroll = now + settings.restRange.lowerBound
    }

    /// The animation that shows the current activity.
    public var animation: AnimationName {
        switch activity {
        case .idle: .idle
        case .walking: .walk
        case .sleeping: .sleep
        case .happy: .happy
        case .talking: .talk
        case .surprised, .dragged: .surprised
        }
    }

    public var isAsleep: Bool { activity == .sleeping }

    // MARK: Events

    /// Time passed: advance frames, steps and timeouts. `frameDurations` are the current
    /// animation's; `maxX` is the rightmost column the pet may stand at.
    public mutating func tick(now: Double, frameDurations: [Double], maxX: Int) {
        clamp(maxX: maxX)
        if now >= activityUntil {
            activityUntil = .infinity
            if activity == .happy || activity == .surprised { become(.idle, now: now) }
        }
        switch activity {
        case .idle:
            if now - lastInput >= settings.sleepAfter {
                become(.sleeping, now: now)
            } else if !quiet, now >= nextStroll {
                startStroll(now: now, maxX: maxX)
            }
        case .walking(let target):
            if frameDurations.count > 1 {
                // One column per frame of the walk cycle: the feet and the ground agree,
                // and the screen changes once per frame, not once per frame and per step.
                let before = frameIndex
                advanceFrames(now: now, durations: frameDurations)
                let advanced = (frameIndex - before + frameDurations.count) % frameDurations.count
                for _ in 0..<advanced where x != target { x += target > x ? 1 : -1 }
            } else {
                while now >= stepDue, x != target {
                    x += target > x ? 1 : -1
                    stepDue += 1 / settings.walkSpeed
                }
            }
            if x == target { become(.idle, now: now) }
        default:
            break
        }
        advanceFrames(now: now, durations: frameDurations)
    }

    /// Any key or mouse input: the user is here. Wakes a sleeping pet.
    public mutating func noteInput(now: Double) {
        lastInput = now
        if activity == .sleeping {
            become(.surprised, now: now)
            activityUntil = now + 1.2
        }
    }

    /// A left click on the pet: it is happy for a moment.
    public mutating func poke(now: Double) {
        lastInput = now
        become(.happy, now: now)
        activityUntil = now + 1.8
    }

    /// Something startling (a resize, an error).
    public mutating func startle(now: Double) {
        guard activity != .dragged else { return }
        become(.surprised, now: now)
        activityUntil = now + 1.2
    }

    /// A toast is up (talking) or gone.
    public mutating func setTalking(_ talking: Bool, now: Double) {
        if talking, activity != .talking, activity != .dragged {
            if activity == .sleeping { lastInput = now }
            become(.talking, now: now)
        } else if !talking, activity == .talking {
            become(.idle, now: now)
        }
    }

    /// The left button went down on the pet at column `pointerX`.
    public mutating func beginDrag(pointerX: Int, now: Double) {
        lastInput = now
        dragOffset = pointerX - x
        become(.dragged, now: now)
    }

    /// The pointer moved while dragging: the pet follows, lifted `rowsAboveGround`.
    public mutating func drag(pointerX: Int, rowsAboveGround: Int, maxX: Int) {
        guard activity == .dragged else { return }
        let newX = min(max(0, pointerX - dragOffset), max(0, maxX))
        if newX != x { facingRight = newX > x }
        x = newX
        lift = max(0, rowsAboveGround)
    }

    /// The button was released: the pet lands, pleased.
    public mutating func endDrag(now: Double) {
        guard activity == .dragged else { return }
        lift = 0
        become(.happy, now: now)
        activityUntil = now + 1.0
    }

    /// Moves the pet by keyboard (the drag equivalent).
    public mutating func nudge(by dx: Int, maxX: Int, now: Double) {
        lastInput = now
        if activity == .sleeping || isWalking { become(.idle, now: now) }
        let newX = min(max(0, x + dx), max(0, maxX))
        if newX != x { facingRight = dx > 0 }
        x = newX
    }

    /// Keeps the pet on screen after a resize.
    public mutating func clamp(maxX: Int) {
        let limit = max(0, maxX)
        if x > limit { x = limit }
        if case .walking(let t) = activity, t > limit { activity = .walking(to: limit) }
    }

    // MARK: Time

    /// When something will change next without input; nil when nothing will (the loop
    /// may sleep until input arrives).
    public func nextDeadline(frameDurations: [Double]) -> Double? {
        var t = Double.infinity
        if !quiet && frameDurations.count > 1 { t = min(t, frameDue ?? 0) }
        t = min(t, activityUntil)
        switch activity {
        case .idle:
            t = min(t, lastInput + settings.sleepAfter)
            if !quiet { t = min(t, nextStroll) }
        case .walking:
            if frameDurations.count <= 1 { t = min(t, stepDue) }
        default:
            break
        }
        return t.isFinite ? t : nil
    }

    // MARK: Private

    private var isWalking: Bool {
        if case .walking = activity { return true }
        return false
    }

    private mutating func become(_ a: Activity, now: Double) {
        if a != activity {
            activity = a
            frameIndex = 0
            frameDue = nil
        }
        if a == .idle {
            nextStroll = now + Double.random(in: settings.restRange, using: &rng)
        }
    }

    private mutating func startStroll(now: Double, maxX: Int) {
        guard maxX > 0 else {
            nextStroll = now + settings.restRange.upperBound
            return
        }
        let distance = Int.random(in: 4...max(5, maxX / 2), using: &rng)
        let goRight = x + distance <= maxX ? (x - distance < 0 ? true : Bool.random(using: &rng)) : false
        let target = min(max(0, goRight ? x + distance : x - distance), maxX)
        guard target != x else {
            nextStroll = now + settings.restRange.lowerBound
            return
        }
        facingRight = target > x
        become(.walking(to: target), now: now)
        stepDue = now + 1 / settings.walkSpeed
    }

    private mutating func advanceFrames(now: Double, durations: [Double]) {
        guard !durations.isEmpty else { return }
        if frameIndex >= durations.count { frameIndex = 0 }
        if quiet {
            frameIndex = 0
            frameDue = nil
            return
        }
        let minFrame = 1 / max(1, settings.fps)
        guard var due = frameDue, due + 5 > now else {
            // A new animation, or back from a long pause: start timing from now.
            frameDue = now + max(minFrame, durations[frameIndex])
            return
        }
        while now >= due {
            frameIndex = (frameIndex + 1) % durations.count
            due += max(minFrame, durations[frameIndex])
            if frameIndex == 0 && (activity == .idle || activity == .sleeping) {
                // Between idle (and sleeping) cycles the pet holds still for a moment: it
                // looks calmer, and a still pet writes nothing to the terminal.
                due += Double.random(in: settings.idlePause, using: &rng)
            }
        }
        frameDue = due
    }
}
