import CNcursesw
import Foundation
import PetCore
import ScreenCore
import TerminalCurses
import TerminalInput

/// The pet's UI loop: owns the terminal (curses) on the thread that calls `run`, turns
/// input, signals, time and inbox posts into events, reduces them, carries out effects and
/// sends only the changed cells. It sleeps in `poll` until the next frame is due or input
/// arrives, so an idle pet costs nothing between frames. `Panels` is the app's set of panels.
public final class PetRunner<Panels: PanelSet> {
    private let options: PetOptions
    private let environment: [String: String]
    private let terminal = CursesTerminal()
    private var decoder = InputDecoder()
    private let clock = MonotonicClock()
    private var wakePipe: [Int32] = [-1, -1]
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

    /// A failure to start, with a message for the user.
    public struct RunnerError: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public init(options: PetOptions, panels: Panels, panelTasks: @escaping @Sendable (Panels.Task, Inbox<Panels>) -> Void,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.options = options
        self.panels = panels
        self.panelTasks = panelTasks
        self.environment = environment
    }

    /// Runs until the user quits or a terminating signal arrives. The terminal is restored
    /// on every way out of this function.
    public func run() throws {
        guard tk_pipe(&wakePipe) == 0 else { throw RunnerError(description: "cannot create a pipe") }
        let inbox = Inbox<Panels>(wakeFD: wakePipe[1])
        self.inbox = inbox
        try terminal.start(signalFD: wakePipe[1], environment: environment)
        defer { terminal.stop() }
        if let mode = options.mode {
            // Curses can send RGB only where terminfo has direct colour.
            terminal.depth = mode == .truecolor && !terminal.capabilities.directColor ? .ansi256 : mode
        }

        var notes: [String] = []
        let skin: Skin
        do {
            skin = try skinLoader(options.skin, terminal.depth)
        } catch {
            notes.append("Could not load skin \(options.skin): \(error). Using the built-in robot.")
            skin = BuiltinSkin.make()
        }
        let seed = options.seed != 0 ? options.seed : UInt64(Date().timeIntervalSince1970 * 1000)
        var state = AppState(panels: panels, width: terminal.width, height: terminal.height, skin: skin, skins: skinNames(),
                             now: clock.now, settings: options.settings, seed: seed)
        state.pet.quiet = options.quiet
        state.visitsAllowed = options.visits
        state.quiz.afterIdle = options.quizAfterIdle.flatMap { $0 > 0 ? $0 : nil }
        state.hue = options.hue
        state.baseSkin = skin
        if options.hue != 0 { state.skin = skin.recoloured(hue: options.hue) }
        for hook in startHooks { hook(inbox) }
        for note in notes { _ = reduce(&state, .toast(note), now: clock.now) }

        var inputBuffer = [UInt8](repeating: 0, count: 4096)
        var signalBuffer = [UInt8](repeating: 0, count: 64)
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

            var timeout: Int32 = -1
            let now = clock.now
            if let deadline = state.nextDeadline() {
                timeout = Int32(min(60_000, max(0, ((deadline - now) * 1000).rounded(.up))))
            }
            if decoder.hasPending { timeout = timeout < 0 ? 25 : min(timeout, 25) }
            var inputReady: Int32 = 0
            var wakeReady: Int32 = 0
            if tk_wait(0, wakePipe[0], timeout, &inputReady, &wakeReady) != 0 {
                throw RunnerError(description: "waiting for input failed")
            }

            var events: [AppEvent<Panels>] = []
            if inputReady != 0 {
                let n = tk_read(0, &inputBuffer, inputBuffer.count)
                if n > 0 {
                    events += decoder.feed(inputBuffer[0..<n]).map { .input($0) }
                } else if n == 0 {
                    events.append(.terminate)  // the terminal went away
                }
            } else if decoder.hasPending {
                events += decoder.flush().map { .input($0) }
            }
            if wakeReady != 0 {
                let n = tk_read(wakePipe[0], &signalBuffer, signalBuffer.count)
                var sawPost = false
                for byte in signalBuffer.prefix(max(0, n)) {
                    let sig = Int32(byte)
                    if sig == 0 {
                        sawPost = true
                    } else if sig == tk_sigwinch() || sig == tk_sigcont() {
                        if sig == tk_sigcont() { terminal.invalidate() }
                        let size = terminal.updateSize()
                        events.append(.resized(width: size.width, height: size.height))
                    } else if sig == tk_sigtstp() {
                        suspend(&events)
                    } else {
                        events.append(.terminate)
                    }
                }
                if sawPost { events += inbox.drain() }
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

    private func suspend(_ events: inout [AppEvent<Panels>]) {
        terminal.suspend()
        let size = terminal.updateSize()
        events.append(.resized(width: size.width, height: size.height))
    }

    private func perform(_ effect: Effect<Panels>, state: AppState<Panels>, inbox: Inbox<Panels>) {
        switch effect {
        case .quit:
            running = false
        case .suspend:
            var events: [AppEvent<Panels>] = []
            suspend(&events)
            for e in events { inbox.post(e) }
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
