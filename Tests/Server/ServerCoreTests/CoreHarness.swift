import Foundation
import IRCProtocol
import SCRAMCrypto
@testable import ServerCore
import ServerSQLite
import ServerStorageEngine

/// One thing that happens to the server: what a run is made of. Connections are named by
/// slot (0..<slots); a slot is reconnected with a fresh `ClientID`, as the adapter numbers them.
enum CoreStep: Hashable, CustomStringConvertible {
    /// A connection is accepted in `slot` (nothing happens if the slot is open).
    case connect(Int)
    /// The client in `slot` sends one line (without its CR LF; it may be anything).
    case line(Int, [UInt8])
    /// The client in `slot` goes away (peer closed).
    case hangUp(Int)
    /// Storage answers its request number `index` (modulo how many wait), or fails it.
    case answer(Int, fail: Bool)
    /// History writes fail from now on (`true`) or work again.
    case historyDown(Bool)
    /// Time passes.
    case tick(milliseconds: Int)

    var description: String {
        switch self {
        case .connect(let s): "connect \(s)"
        case .line(let s, let bytes): "line \(s) \(String(decoding: bytes, as: UTF8.self).debugDescription)"
        case .hangUp(let s): "hang up \(s)"
        case .answer(let i, let fail): fail ? "fail request \(i)" : "answer request \(i)"
        case .historyDown(let down): down ? "history down" : "history up"
        case .tick(let ms): "tick \(ms) ms"
        }
    }
}

/// Drives a `ServerCore` the way the NIO adapter does — lines held while a connection waits on
/// storage and fed back in order when the outbox says it resumed; history committed (to a real
/// SQLite file) before an outbox's deliveries are written, or withheld when the write fails;
/// closes turned into disconnects — but with storage answers late, failed and out of order at
/// the run's choosing. Everything the core sends is kept per connection for the checks.
final class CoreHarness {
    let core: ServerCore
    let storage: SQLiteStorage
    private let directory: URL
    private(set) var now: Int64 = 1_800_000_000_000
    private var nextID: UInt64 = 1
    /// The open connection of each slot.
    private(set) var slots: [Int: ClientID] = [:]
    /// Every connection ever opened, open or not.
    private(set) var opened: Set<ClientID> = []
    /// Connections closed (by either side).
    private(set) var closed: Set<ClientID> = []
    /// Lines held while their connection waits on storage.
    private var held: [ClientID: [[UInt8]]] = [:]
    /// Storage requests not answered yet, oldest first.
    private(set) var pending: [StorageTicket] = []
    private var historyDown = false
    /// Every line each connection was sent.
    private(set) var received: [ClientID: [IRCMessage]] = [:]
    /// The same, as the bytes written.
    private(set) var receivedBytes: [ClientID: [UInt8]] = [:]
    /// Labels each connection sent while it had negotiated labeled-response, in order.
    private(set) var labelsSent: [ClientID: [String]] = [:]
    /// msgids of messages whose history write failed.
    private(set) var withheld: Set<String> = []
    /// msgids of every message delivered to anybody.
    private(set) var deliveredMsgids: Set<String> = []
    /// How many of each connection's lines a test has read (`take`).
    var seen: [ClientID: Int] = [:]
    /// The last connection of each slot, open or closed.
    private var lastOfSlot: [Int: ClientID] = [:]
    /// Problems seen while driving (deliveries to closed connections and the like).
    private(set) var problems: [String] = []

    init(config: ServerConfig = CoreHarness.config) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("core-harness-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Cheap hashing: the runs care about the order of answers, not the cost of a guess.
        storage = try SQLiteStorage(path: directory.appendingPathComponent("server.db").path,
                                    hasher: PasswordHasher(logN: 4, blockSize: 1, parallelism: 1, scramIterations: 4096))
        core = ServerCore(config: config, features: storage.features, now: ServerInstant(milliseconds: now))
        core.verificationCode = { "code" }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    static var config: ServerConfig {
        var config = ServerConfig()
        config.serverName = "core.test"
        config.operators = [ServerConfig.Operator(name: "root", password: "hunter22")]
        config.historyRetryDelays = []
        return config
    }

    private var instant: ServerInstant { ServerInstant(milliseconds: now) }

    // MARK: Steps

    func run(_ step: CoreStep) {
        switch step {
        case .connect(let slot):
            guard slots[slot] == nil else { return }
            let id = ClientID(nextID)
            nextID += 1
            slots[slot] = id
            lastOfSlot[slot] = id
            opened.insert(id)
            core.clientConnected(id, ip: "127.0.0.\(slot + 1)", now: instant)
        case .line(let slot, let bytes):
            guard let id = slots[slot] else { return }
            if core.isWaitingOnStorage(id) || !(held[id]?.isEmpty ?? true) {
                held[id, default: []].append(bytes)
            } else {
                feed(id, bytes)
            }
        case .hangUp(let slot):
            guard let id = slots[slot] else { return }
            close(id)
            core.clientDisconnected(id, reason: "Connection reset by peer", now: instant)
        case .answer(let index, let fail):
            guard !pending.isEmpty else { return }
            let ticket = pending.remove(at: index % pending.count)
            let answer: StorageAnswer? = fail ? nil : (try? storage.perform(ticket.request))
            core.storageCompleted(ticket.id, answer, now: instant)
        case .historyDown(let down):
            historyDown = down
        case .tick(let ms):
            now += Int64(ms)
            // As the adapter does: every part of the sweep in turn.
            for part in 0..<ConnectionTable.sweepParts {
                core.tick(now: instant, part: part, of: ConnectionTable.sweepParts)
            }
            problems += overdueAfterSweep()
        }
        drain()
    }

    /// After a whole sweep nothing may be overdue: an unregistered connection past its
    /// registration timeout, a PINGed one past its PONG timeout, or a quiet one past the PING
    /// interval without a PING (the sweep skips connections whose next check has not come).
    func overdueAfterSweep() -> [String] {
        let config = core.config, now = instant
        var found: [String] = []
        for (id, client) in core.connections {
            guard let link = client.links.first(where: { $0.id == id }) else { continue }
            if !client.registered {
                if now >= link.connectedAt.adding(seconds: config.registrationTimeout) {
                    found.append("\(id) still unregistered past its registration timeout after a sweep")
                }
            } else if let sent = link.pingSentAt {
                if now >= sent.adding(seconds: config.pingTimeout) { found.append("\(id) past its PONG timeout after a sweep") }
            } else if now >= link.lastInput.adding(seconds: config.pingInterval) {
                found.append("\(id) quiet past the PING interval and not PINGed after a sweep")
            }
        }
        return found
    }

    /// Storage works again and answers everything that waits, oldest first, until nothing does.
    func settle() {
        historyDown = false
        var rounds = 0
        while !pending.isEmpty, rounds < 10_000 {
            run(.answer(0, fail: false))
            rounds += 1
        }
        drain()
    }

    func lastID(of slot: Int) -> ClientID? { lastOfSlot[slot] }

    // MARK: The adapter's part

    private func feed(_ id: ClientID, _ bytes: [UInt8]) {
        guard !closed.contains(id) else { return }
        if bytes.count > 8191 {
            core.receiveOverlongLine(id, now: instant)
            return
        }
        if let label = Self.label(of: bytes), let link = core.link(id), link.caps.contains(.labeledResponse) {
            labelsSent[id, default: []].append(label)
        }
        core.receive(id, line: bytes, now: instant)
    }

    /// Writes out what the core queued, as the adapter would, until it queues nothing more.
    private func drain() {
        var rounds = 0
        while !core.outbox.isEmpty, rounds < 100_000 {
            rounds += 1
            var box = core.outbox
            core.outbox = Outbox()
            pending += box.requests
            var untold: [HistoryRelay] = []
            if !box.history.isEmpty {
                if historyDown {
                    for entry in box.history { withheld.insert(entry.msgid) }
                    untold = box.withholdHistory()
                } else {
                    do {
                        try storage.append(box.history)
                    } catch {
                        problems.append("history append failed: \(error)")
                    }
                }
            }
            deliver(box)
            for id in box.closes {
                close(id)
                core.clientDisconnected(id, reason: "closed", now: instant)
            }
            if !untold.isEmpty { core.historyNotStored(untold, now: instant) }
            for id in box.resumed { resume(id) }
        }
        if rounds >= 100_000 { problems.append("the outbox never emptied") }
    }

    /// Feeds a connection's held lines until it waits on storage again.
    private func resume(_ id: ClientID) {
        while !core.isWaitingOnStorage(id), var lines = held[id], !lines.isEmpty {
            let line = lines.removeFirst()
            held[id] = lines
            feed(id, line)
        }
    }

    private func close(_ id: ClientID) {
        guard !closed.contains(id) else { return }
        closed.insert(id)
        held[id] = nil
        for (slot, open) in slots where open == id { slots[slot] = nil }
    }

    private func deliver(_ box: Outbox) {
        for delivery in box.deliveries {
            if !opened.contains(delivery.client) || closed.contains(delivery.client) {
                problems.append("a delivery to \(delivery.client), which is not open")
                continue
            }
            receivedBytes[delivery.client, default: []] += box.payloads[delivery.payload]
            for line in Self.lines(box.payloads[delivery.payload]) {
                guard let message = try? IRCMessage(parsing: line) else {
                    problems.append("an unparseable line to \(delivery.client): \(String(decoding: line, as: UTF8.self).debugDescription)")
                    continue
                }
                if received[delivery.client]?.last?.command == "ERROR" {
                    problems.append("\(message.command) sent to \(delivery.client) after its ERROR")
                }
                received[delivery.client, default: []].append(message)
                if let msgid = message.tag("msgid") { deliveredMsgids.insert(msgid) }
            }
        }
    }

    static func lines(_ payload: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        var i = 0
        while i + 1 < payload.count {
            if payload[i] == 13 && payload[i + 1] == 10 {
                lines.append(Array(payload[start..<i]))
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        return lines
    }

    /// The `label` tag of a raw line, read as the core's own reader does (only from a line
    /// that parses, so that a line rejected before dispatch is not expected to echo it).
    static func label(of bytes: [UInt8]) -> String? {
        guard let message = try? IRCMessage(parsing: bytes, limits: .fromClient) else { return nil }
        return message.tag("label")
    }
}
