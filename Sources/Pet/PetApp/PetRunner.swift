import Foundation
import PetCore
import ScreenCore
import TerminalCurses
import TerminalInput
import TerminalLoop

/// The pet's UI loop: owns the terminal (curses, through `TerminalLoop`) on the thread that
/// calls `run`, turns input, signals, time and inbox posts into events, reduces them,
/// carries out effects and sends only the changed cells. It sleeps in `poll` until the next
/// frame is due or input arrives, so an idle pet costs nothing between frames. `Panels` is the app's set of panels.
public final class PetRunner<Panels: PanelSet> {
    private let config: PetConfig
    private let environment: [String: String]
    private let loop = TerminalLoop<AppEvent<Panels>>()
    private var terminal: CursesTerminal { loop.terminal }
    private let clock = MonotonicClock()
    public private(set) var inbox: Inbox<Panels>?
    private var running = true
    /// `TACHIKOMA_DEBUG_LOG=path` appends every event to a file, for debugging the loop.
    private lazy var debugLog: FileHandle? = environment["TACHIKOMA_DEBUG_LOG"].flatMap { path in
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path)
    }

    /// `TACHIKOMA_SCREEN_DUMP=path`: after every frame sent, the frame as ANSI text (the
    /// plain rendering, one full SGR per style change) replaces that file, for tests.
    private lazy var screenDump: URL? = environment["TACHIKOMA_SCREEN_DUMP"].map { URL(fileURLWithPath: $0) }

    /// Where skins come from; replaceable so the runner stays independent of the format.
    public var skinLoader: @Sendable (String, ColorDepth) throws -> Skin = { name, depth in
        try SkinLibrary.standard().load(name, depth: depth)
    }
    /// The skins the menu lists.
    public var skinNames: @Sendable () -> [String] = { SkinLibrary.standard().names() }
    /// Carries out an effect the runner itself does not know (tools, chat); may post events.
    public var toolHandler: (@Sendable (Effect<Panels>, ScreenBuffer, Inbox<Panels>) -> Void)?
    /// The app's panels as the loop starts.
    private let panels: Panels
    /// Does the I/O of every `PanelCommand.task` the panels produce: called on the UI
    /// thread, it must not block — it starts work elsewhere and posts results with
    /// `inbox.post(.panel(message))`.
    private let panelTasks: @Sendable (Panels.Task, Inbox<Panels>) -> Void
    private var startHooks: [@Sendable (Inbox<Panels>) -> Void] = []

    /// Runs `hook` once the loop's inbox exists, before the first frame (to connect to a
    /// chat server at start, for example).
    public func onStart(_ hook: @escaping @Sendable (Inbox<Panels>) -> Void) {
        startHooks.append(hook)
    }

    public init(config: PetConfig, panels: Panels, panelTasks: @escaping @Sendable (Panels.Task, Inbox<Panels>) -> Void,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.config = config
        self.panels = panels
        self.panelTasks = panelTasks
        self.environment = environment
    }

    /// Runs until the user quits or a terminating signal arrives. The terminal is restored
    /// on every way out of this function.
    public func run() throws {
        let inbox = try loop.start(environment: environment)
        self.inbox = inbox
        defer { loop.stop() }
        if let mode = config.mode {
            // Curses can send RGB only where terminfo has direct colour.
            terminal.depth = mode == .truecolor && !terminal.capabilities.directColor ? .ansi256 : mode
        }

        var notes: [String] = []
        let skin: Skin
        do {
            skin = try skinLoader(config.skin, terminal.depth)
        } catch {
            notes.append("Could not load skin \(config.skin): \(error). Using the built-in robot.")
            skin = BuiltinSkin.make()
        }
        let seed = config.seed != 0 ? config.seed : UInt64(Date().timeIntervalSince1970 * 1000)
        var state = AppState(panels: panels, width: terminal.width, height: terminal.height, skin: skin, skins: skinNames(),
                             now: clock.now, settings: config.behaviour, seed: seed)
        state.pet.quiet = config.quiet
        state.visitsAllowed = config.visits
        state.quiz.afterIdle = config.quizAfterIdle.flatMap { $0 > 0 ? $0 : nil }
        state.hue = config.hue
        state.baseSkin = skin
        if config.hue != 0 { state.skin = skin.recoloured(hue: config.hue) }
        for hook in startHooks { hook(inbox) }
        for note in notes { _ = reduce(&state, .toast(note), now: clock.now) }

        // Two buffers take turns: the terminal keeps the last frame shown, and the one
        // before it is cleared (only where it was drawn on) and drawn into again, so a
        // frame costs the pet's area rather than a whole screen of new cells.
        var spare: ScreenBuffer?
        var last: ScreenBuffer?
        while running {
            var frame = spare.take() ?? ScreenBuffer(width: state.width, height: state.height)
            if frame.width != state.width || frame.height != state.height {
                frame = ScreenBuffer(width: state.width, height: state.height)
            }
            frame.clear()
            AppView.render(state, now: clock.now, into: &frame)
            spare = last
            last = frame
            if terminal.present(frame) > 0, let screenDump {
                // Tests compare what the terminal shows with the plain rendering of the frame.
                try? Data(frame.ansiText().utf8).write(to: screenDump, options: .atomic)
            }

            let deadline = state.nextDeadline()
            var events: [AppEvent<Panels>] = try loop.wait(timeout: deadline.map { $0 - clock.now }).map { wake in
                switch wake {
                case .input(let input): .input(input)
                case .resized(let width, let height): .resized(width: width, height: height)
                case .terminate: .terminate
                case .posted(let event): event
                }
            }
            if events.isEmpty { events.append(.tick) }
            if let log = debugLog {
                for e in events { log.write(Data("\(clock.now) \(e)\n".utf8)) }
            }
            for event in events {
                let effects = reduce(&state, event, now: clock.now)
                for effect in effects { perform(effect, state: state, inbox: inbox) }
                if !running { break }
            }
        }
    }

    private func perform(_ effect: Effect<Panels>, state: AppState<Panels>, inbox: Inbox<Panels>) {
        switch effect {
        case .quit:
            running = false
        case .suspend:
            if case .resized(let width, let height) = loop.suspend() { inbox.post(.resized(width: width, height: height)) }
        case .mouseTracking(let all):
            terminal.setMouseTracking(all ? .allMotion : .buttons)
        case .loadSkin(let name):
            let loader = skinLoader
            let depth = terminal.depth
            Task.detached {
                do {
                    inbox.post(.skinLoaded(try loader(name, depth)))
                } catch {
                    inbox.post(.toast("Could not load skin \(name): \(error)"))
                }
            }
        case .panelTask(let task):
            panelTasks(task, inbox)
        case .quizWanted, .quizAnswered:
            if let toolHandler {
                toolHandler(effect, ScreenBuffer(width: 0, height: 0), inbox)
            } else if case .quizWanted = effect {
                inbox.post(.quizCard(nil))
            }
        case .lookChanged:
            toolHandler?(effect, ScreenBuffer(width: 0, height: 0), inbox)
        case .screenshot, .shareServer, .sendVisit:
            if let toolHandler {
                toolHandler(effect, AppView.render(state, now: clock.now), inbox)
            } else {
                inbox.post(.toast("\(Self.title(of: effect)) is not built yet — coming soon."))
            }
        }
    }

    static func title(of effect: Effect<Panels>) -> String {
        if case .screenshot = effect { "Screenshot" } else { "This" }
    }
}
