import ChatCore
import ChatNIO
import ChatUI
import Dispatch
import Foundation
import MDNSNIO
import NIOPosix
import PetApp
import PetCore
import ServerDiscovery
import TerminalLoop

/// Wires the chat into the pet: the panel, the connection (ChatNIO), the settings file and
/// the bundled local server.
enum ChatSetup {
    /// The chat's panel and controller, from the settings file beside the pet's config file:
    /// `--config DIR/x.toml` means `DIR/chat.toml`, else the XDG default.
    static func make(configPath: String?, look: PetLook?, gloss: @escaping @Sendable (String) -> [String],
                     online: @escaping @Sendable (String) async -> String? = { _ in nil }) -> ChatWiring {
        let path = configPath.map { ($0 as NSString).deletingLastPathComponent + "/chat.toml" } ?? ChatSettingsFile.path()
        let controller = ChatController(settingsPath: path, look: look, gloss: gloss, online: online)
        let (settings, problem) = ChatSettingsFile.load(path: path)
        let panel = ChatPanel(settings: settings, utcOffset: TimeZone.current.secondsFromGMT())
        return ChatWiring(panel: panel, controller: controller, settings: settings, problem: problem)
    }

    /// At start the settings (and any problem reading them) go to the panel, and the chat
    /// connects when they say so.
    static func onStart(_ runner: PetRunner<PetPanels>, _ chat: ChatWiring) {
        let (settings, problem, controller) = (chat.settings, chat.problem, chat.controller)
        runner.onStart { inbox in
            inbox.post(.panel(.chat(ChatPanelMessage.settingsLoaded(settings))))
            inbox.post(.visitTargets(settings.friends))
            if let problem { inbox.post(.panel(.chat(ChatPanelMessage.failure(problem)))) }
            if settings.autoConnects {
                controller.perform(.start(settings, register: false), inbox: inbox)
            }
        }
    }
}

/// The chat's part of the pet: its panel as the pet starts, the controller that carries out
/// the panel's tasks, and the settings read at start (with the problem reading them, if any).
struct ChatWiring {
    let panel: ChatPanel
    let controller: ChatController
    let settings: ChatSettings
    let problem: String?
}

/// Runs the chat's I/O off the UI thread: starts the local server when needed, owns the
/// `ChatClient`, saves settings.
///
/// An actor whose executor is one serial queue: the UI thread hands it work with `onQueue`
/// (FIFO, unlike unstructured `Task`s, so a start is always handled before the intents that
/// follow it), and the compiler checks that its state is touched only there.
actor ChatController {
    private nonisolated let executor = QueueExecutor(label: "tachikoma.chat")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private var client: ChatClient?
    private var settings = ChatSettings()
    private let settingsPath: String
    private let gloss: @Sendable (String) -> [String]
    private let online: @Sendable (String) async -> String?
    private var look: PetLook?

    init(settingsPath: String, look: PetLook?, gloss: @escaping @Sendable (String) -> [String],
         online: @escaping @Sendable (String) async -> String?) {
        self.settingsPath = settingsPath
        self.look = look
        self.gloss = gloss
        self.online = online
    }

    /// Runs `body` on the controller's queue, in the order called, isolated to it.
    private nonisolated func onQueue(_ body: @escaping @Sendable (isolated ChatController) -> Void) {
        executor.queue.async { self.assumeIsolated { body($0) } }
    }

    /// The menu's Visit ▸ friend: sends our pet.
    nonisolated func visit(_ nick: String) {
        onQueue { $0.client?.perform(.visit(nick)) }
    }

    /// Our pet took another skin: friends see it now, and every later connection publishes it.
    nonisolated func changeLook(_ new: PetLook?) {
        onQueue {
            $0.look = new
            $0.client?.perform(.look(new))
        }
    }

    nonisolated func perform(_ task: ChatTask, inbox: PetInbox) {
        onQueue { $0.run(task, inbox: inbox) }
    }

    /// The menu's "Share my server on this network" / "Stop sharing": only the bundled
    /// server on a loopback address can be shared; the pet says what happened in a toast.
    nonisolated func share(_ on: Bool, inbox: PetInbox) {
        onQueue { controller in
            let config = controller.settings.config(register: false) ?? ChatSettings().config(register: false)
            guard let config, BundledServer.isLoopback(config.host) else {
                inbox.post(.toast("Only the chat server this pet starts can be shared; your chat uses \(controller.settings.server)."))
                return
            }
            if let problem = BundledServer.share(port: config.port, on) {
                inbox.post(.toast("Could not \(on ? "share" : "stop sharing") the chat server: \(problem)"))
            } else if on {
                inbox.post(.toast("Your chat server is on this network now (port \(config.port), announced over mDNS): anyone here can join and register. Menu → Stop sharing to end it."))
            } else {
                inbox.post(.toast("Your chat server is back to this machine only."))
            }
            inbox.post(.sharingServer(BundledServer.isShared(port: config.port)))
        }
    }


    private func run(_ task: ChatTask, inbox: PetInbox) {
        switch task {
        case .start(let chosen, let register):
            settings = chosen
            start(register: register, inbox: inbox)
        case .intent(let intent):
            client?.perform(intent)
        case .gloss(let buffer, let anchor, let text):
            let lines = gloss(text)
            inbox.post(.panel(.chat(ChatPanelMessage.gloss(buffer: buffer, anchor: anchor, lines: lines))))
            // A message (not `/tr WORDS`) is also read by the online service when one is
            // configured; its line joins the gloss when it answers (it replaces the same anchor's).
            guard anchor != nil else { return }
            let online = self.online
            Task {
                guard let line = await online(text) else { return }
                inbox.post(.panel(.chat(ChatPanelMessage.gloss(buffer: buffer, anchor: anchor, lines: lines + [line]))))
            }
        case .save(let s):
            settings = s
            inbox.post(.visitTargets(s.friends))
            do {
                try ChatSettingsFile.save(s, path: settingsPath)
            } catch {
                inbox.post(.panel(.chat(ChatPanelMessage.failure("cannot save \(settingsPath): \(error.localizedDescription)"))))
            }
        case .logout:
            let old = client
            client = nil
            Task { await old?.stop(reason: "Logged out") }
            var s = settings
            s.password = ""
            s.scramKeys = nil
            s.isAccount = false
            s.remember = false
            try? ChatSettingsFile.save(s, path: settingsPath)
        case .discover:
            Self.discover(inbox: inbox)
        }
    }

    /// Looks at the local network for 2 s (mDNS, off this queue) and posts what it found
    /// (nothing at all with `TACHIKOMA_MDNS=off`);
    /// a failure (no interface, a socket refused) is an empty list, and an answer never comes
    /// sooner than 2 s, so the form's ask-again loop cannot spin.
    private static func discover(inbox: PetInbox) {
        // TACHIKOMA_MDNS=off: the pet never looks at the network (the form lists nothing).
        guard ProcessInfo.processInfo.environment["TACHIKOMA_MDNS"] != "off" else { return }
        Task.detached {
            let started = ContinuousClock.now
            var servers: [LoginForm.FoundServer] = []
            if let interfaces = try? MulticastInterface.browsable(), !interfaces.isEmpty,
               let found = try? await MDNSBrowse.browse(serviceTypes: IRCServiceTypes.all, interfaces: interfaces,
                                                        duration: .seconds(2), group: MultiThreadedEventLoopGroup.singleton) {
                servers = DiscoveredServer.servers(from: found).map {
                    LoginForm.FoundServer(name: $0.name, address: $0.chatAddress, tls: $0.tls)
                }
            }
            let elapsed = ContinuousClock.now - started
            if elapsed < .seconds(2) { try? await Task.sleep(for: .seconds(2) - elapsed) }
            inbox.post(.panel(.chat(ChatPanelMessage.discovered(servers))))
        }
    }

    private func start(register: Bool, inbox: PetInbox) {
        guard var chosen = settings.config(register: register) else {
            inbox.post(.panel(.chat(ChatPanelMessage.failure("bad server address \(settings.server)"))))
            return
        }
        chosen.look = look
        let config = chosen
        ensureLocalServer(config, inbox: inbox)
        let old = client
        if let old { Task { await old.stop(reason: "Reconnecting") } }
        let c = ChatClient(config: config) { [weak self] update in
            inbox.post(.panel(.chat(ChatPanelMessage.session(update.session, notices: update.notices))))
            // The local server went away (its pet quit): start our own and reconnect.
            if update.notices.contains(where: { if case .connectionLost = $0 { true } else { false } }) {
                self?.onQueue { $0.ensureLocalServer(config, inbox: inbox) }
            }
        }
        client = c
        c.start()
    }

    /// With a loopback server address, join the users of the bundled server there (so it
    /// stays while this pet runs), starting it when nothing answers.
    private func ensureLocalServer(_ config: ChatConfig, inbox: PetInbox) {
        guard BundledServer.isLoopback(config.host) else { return }
        let wasUp = BundledServer.answers(host: config.host, port: config.port)
        if let problem = BundledServer.ensure(port: config.port) {
            inbox.post(.panel(.chat(ChatPanelMessage.failure(problem))))
        } else if !wasUp {
            client?.perform(.connect)
        }
        inbox.post(.sharingServer(BundledServer.isShared(port: config.port)))
    }
}

/// A serial executor on one Dispatch queue (libdispatch on Linux has no
/// `DispatchSerialQueue` executor): jobs run on the queue in order, and code already on the
/// queue may `assumeIsolated` (checked by `checkIsolated`).
final class QueueExecutor: SerialExecutor {
    let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}
