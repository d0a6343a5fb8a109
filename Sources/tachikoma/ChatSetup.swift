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

/// Wires the chat into the pet: the panel, the connection (ChatNIO), the settings file and
/// the bundled local server.
enum ChatSetup {
    /// Registers the chat panel and its handler with the runner. The settings file sits beside
    /// the pet's config file: `--config DIR/x.toml` means `DIR/chat.toml`, else the XDG default.
    @discardableResult
    static func register(_ runner: PetRunner, configPath: String?, look: PetLook?,
                         gloss: @escaping @Sendable (String) -> [String],
                         online: @escaping @Sendable (String) async -> String? = { _ in nil }) -> ChatController {
        let path = configPath.map { ($0 as NSString).deletingLastPathComponent + "/chat.toml" } ?? ChatSettingsFile.path()
        let controller = ChatController(settingsPath: path, look: look, gloss: gloss, online: online)
        let (settings, problem) = ChatSettingsFile.load(path: path)
        let panel = ChatPanel(settings: settings, utcOffset: TimeZone.current.secondsFromGMT())
        runner.register(panel) { task, inbox in
            guard let task = task as? ChatTask else { return }
            controller.perform(task, inbox: inbox)
        }
        runner.onStart { inbox in
            inbox.post(.panel(id: "chat", message: ChatPanelMessage.settingsLoaded(settings)))
            inbox.post(.visitTargets(settings.friends))
            if let problem { inbox.post(.panel(id: "chat", message: ChatPanelMessage.failure(problem))) }
            if settings.autoConnects {
                controller.perform(.start(settings, register: false), inbox: inbox)
            }
        }
        return controller
    }
}

/// Runs the chat's I/O off the UI thread: starts the local server when needed, owns the
/// `ChatClient`, saves settings.
///
/// `@unchecked Sendable`: every stored property is read and written only on `queue`.
final class ChatController: @unchecked Sendable {
    private let queue = DispatchQueue(label: "tachikoma.chat")
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

    /// The menu's Visit ▸ friend: sends our pet.
    func visit(_ nick: String) {
        queue.async { self.client?.perform(.visit(nick)) }
    }

    /// Our pet took another skin: friends see it now, and every later connection publishes it.
    func changeLook(_ new: PetLook?) {
        queue.async {
            self.look = new
            self.client?.perform(.look(new))
        }
    }

    func perform(_ task: ChatTask, inbox: Inbox) {
        queue.async { self.run(task, inbox: inbox) }
    }

    /// The menu's "Share my server on this network" / "Stop sharing": only the bundled
    /// server on a loopback address can be shared; the pet says what happened in a toast.
    func share(_ on: Bool, inbox: Inbox) {
        queue.async {
            let config = self.settings.config(register: false) ?? ChatSettings().config(register: false)
            guard let config, BundledServer.isLoopback(config.host) else {
                inbox.post(.toast("Only the chat server this pet starts can be shared; your chat uses \(self.settings.server)."))
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


    private func run(_ task: ChatTask, inbox: Inbox) {
        switch task {
        case .start(let chosen, let register):
            settings = chosen
            start(register: register, inbox: inbox)
        case .intent(let intent):
            client?.perform(intent)
        case .gloss(let buffer, let anchor, let text):
            let lines = gloss(text)
            inbox.post(.panel(id: "chat", message: ChatPanelMessage.gloss(buffer: buffer, anchor: anchor, lines: lines)))
            // A message (not `/tr WORDS`) is also read by the online service when one is
            // configured; its line joins the gloss when it answers (it replaces the same anchor's).
            guard anchor != nil else { return }
            let online = self.online
            Task {
                guard let line = await online(text) else { return }
                inbox.post(.panel(id: "chat", message: ChatPanelMessage.gloss(buffer: buffer, anchor: anchor, lines: lines + [line])))
            }
        case .save(let s):
            settings = s
            inbox.post(.visitTargets(s.friends))
            do {
                try ChatSettingsFile.save(s, path: settingsPath)
            } catch {
                inbox.post(.panel(id: "chat", message: ChatPanelMessage.failure("cannot save \(settingsPath): \(error.localizedDescription)")))
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
    private static func discover(inbox: Inbox) {
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
            inbox.post(.panel(id: "chat", message: ChatPanelMessage.discovered(servers)))
        }
    }

    private func start(register: Bool, inbox: Inbox) {
        guard var chosen = settings.config(register: register) else {
            inbox.post(.panel(id: "chat", message: ChatPanelMessage.failure("bad server address \(settings.server)")))
            return
        }
        chosen.look = look
        let config = chosen
        ensureLocalServer(config, inbox: inbox)
        let old = client
        if let old { Task { await old.stop(reason: "Reconnecting") } }
        let queue = self.queue
        let c = ChatClient(config: config) { update in
            inbox.post(.panel(id: "chat", message: ChatPanelMessage.session(update.session, notices: update.notices)))
            // The local server went away (its pet quit): start our own and reconnect.
            if update.notices.contains(where: { if case .connectionLost = $0 { true } else { false } }) {
                queue.async { [weak self] in self?.ensureLocalServer(config, inbox: inbox) }
            }
        }
        client = c
        c.start()
    }

    /// With a loopback server address, join the users of the bundled server there (so it
    /// stays while this pet runs), starting it when nothing answers.
    private func ensureLocalServer(_ config: ChatConfig, inbox: Inbox) {
        guard BundledServer.isLoopback(config.host) else { return }
        let wasUp = BundledServer.answers(host: config.host, port: config.port)
        if let problem = BundledServer.ensure(port: config.port) {
            inbox.post(.panel(id: "chat", message: ChatPanelMessage.failure(problem)))
        } else if !wasUp {
            client?.perform(.connect)
        }
        inbox.post(.sharingServer(BundledServer.isShared(port: config.port)))
    }
}
