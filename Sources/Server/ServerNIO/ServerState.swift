#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMemory
import Dispatch
import IRCProtocol
import Logging
import NIOCore
import ServerCore

/// Everything the server mutates, confined to the server's single event loop.
///
/// `ServerCore` decides; this class carries its outbox out to the connections: each
/// delivery is appended to its recipient's output buffer (a memcpy), and once the loop has
/// handled every ready socket of this turn each touched connection gets one write and one
/// flush — one `writev` per recipient per turn, however many messages it got.
final class ServerState {
    let core: ServerCore
    let loop: any EventLoop
    /// Connections by slot: a `ClientID` is `generation << 32 | slot`, so a delivery finds its
    /// handler by array index (no hashing) and a stale ID never reaches a reused slot.
    private var slots: [ConnectionHandler?] = []
    /// The same handlers unretained, for the delivery loop: `slots` keeps them alive, and
    /// a delivery then costs no reference counting (an atomic increment and decrement per
    /// recipient, which also waited for the stores of the copy before them).
    private var unretainedSlots: [Unmanaged<ConnectionHandler>?] = []
    private var slotGenerations: [UInt32] = []
    private var freeSlots: [Int] = []
    private(set) var connectionCount = 0
    private var perIP: [String: Int] = [:]
    /// Addresses whose client was dropped for flooding, and until when they are refused
    /// (monotonic nanoseconds, so setting the wall clock neither lifts nor stretches it).
    private var floodedUntil: [String: UInt64] = [:]
    private var dirty: [ConnectionHandler] = []
    private var spare = Outbox()
    private var delivering = false
    private var flushScheduled = false
    /// Notices the wall clock being set, so the core's timeouts do not jump with it.
    private var clockWatch = WallClockWatch()
    /// The periodic sweep runs in this many parts, one every 1/`tickParts` s.
    static let tickParts = 10
    private var tickPhase = 0
    /// Connections closed since freed memory was last given back, and seconds since then.
    private var closesSinceTrim = 0
    private var secondsSinceTrim = 0
    /// Storage work off the loop (ServerState+Storage.swift).
    var storageWork: StorageWork
    /// `config.sendQueueBytes` and `config.floodMaxQueuedLines`, copied once: they are read
    /// for every delivery and every line, and reading them through `config` copies the whole
    /// struct (retaining and releasing each of its strings and arrays) each time.
    let sendQueueBytes: Int
    let floodMaxQueuedLines: Int

    init(core: ServerCore, loop: any EventLoop, storage: any ServerStorage = EphemeralStorage(),
         logger: Logger = Logger(label: "tachikoma.server")) {
        self.core = core
        self.loop = loop
        self.storageWork = StorageWork(storage: storage, logger: logger)
        self.sendQueueBytes = core.config.sendQueueBytes
        self.floodMaxQueuedLines = core.config.floodMaxQueuedLines
    }

    var config: ServerConfig { core.config }

    /// Admits a new connection from `ip` (`secure`: through TLS), or returns why it is refused.
    func admit(_ handler: ConnectionHandler, ip: String, secure: Bool = false) -> Result<ClientID, RefusalReason> {
        if config.maxConnections > 0 && connectionCount >= config.maxConnections {
            return .failure(.serverFull)
        }
        if config.maxConnectionsPerIP > 0 && perIP[ip, default: 0] >= config.maxConnectionsPerIP {
            return .failure(.tooManyFromIP)
        }
        if let until = floodedUntil[ip] {
            let now = DispatchTime.now().uptimeNanoseconds
            if now < until { return .failure(.floodedRecently(seconds: Int((until - now + 999_999_999) / 1_000_000_000))) }
            floodedUntil[ip] = nil
        }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = handler
            unretainedSlots[slot] = .passUnretained(handler)
        } else {
            slot = slots.count
            slots.append(handler)
            unretainedSlots.append(.passUnretained(handler))
            slotGenerations.append(0)
        }
        slotGenerations[slot] &+= 1
        let id = ClientID(UInt64(slotGenerations[slot]) << 32 | UInt64(slot))
        connectionCount += 1
        perIP[ip, default: 0] += 1
        core.clientConnected(id, ip: ip, secure: secure, now: .current)
        return .success(id)
    }

    /// The live connection with this ID, if any.
    @inline(__always)
    func handler(for id: ClientID) -> ConnectionHandler? {
        let slot = Int(id.rawValue & 0xFFFF_FFFF)
        guard slot < slots.count, slotGenerations[slot] == UInt32(truncatingIfNeeded: id.rawValue >> 32) else { return nil }
        return slots[slot]
    }

    /// `handler(for:)` without retaining it: valid while the connection's slot holds it,
    /// which a delivery cannot change (closing happens on a later turn of the loop).
    @inline(__always)
    private func unretainedHandler(for id: ClientID) -> Unmanaged<ConnectionHandler>? {
        let slot = Int(id.rawValue & 0xFFFF_FFFF)
        guard slot < unretainedSlots.count, slotGenerations[slot] == UInt32(truncatingIfNeeded: id.rawValue >> 32) else { return nil }
        return unretainedSlots[slot]
    }

    /// Refuses new connections from `ip` for `floodReconnectDelay` seconds: its client was
    /// just dropped for flooding. Connections already open from it stay.
    func noteFlood(from ip: String) {
        let delay = config.floodReconnectDelay
        guard delay > 0 else { return }
        floodedUntil[ip] = DispatchTime.now().uptimeNanoseconds + UInt64(delay * 1e9)
    }

    /// Every live connection.
    var allConnections: [ConnectionHandler] { slots.compactMap { $0 } }

    /// Forgets a closed connection.
    func release(_ id: ClientID, ip: String, reason: String) {
        guard handler(for: id) != nil else { return }
        let slot = Int(id.rawValue & 0xFFFF_FFFF)
        slots[slot] = nil
        unretainedSlots[slot] = nil
        freeSlots.append(slot)
        connectionCount -= 1
        closesSinceTrim += 1
        if let n = perIP[ip] { perIP[ip] = n > 1 ? n - 1 : nil }
        core.clientDisconnected(id, reason: reason, now: .current)
        deliver()
        scheduleFlush()
    }

    /// Writes out whatever the core queued (without flushing). Re-entrant calls (a write
    /// that makes the core queue more) return at once; the outer call picks the rest up.
    func deliver() {
        guard !delivering else { return }
        delivering = true
        defer { delivering = false }
        while !core.outbox.isEmpty {
            // The core gets the spare (empty) outbox and this works on the full one, moved
            // into a local: no copy of the struct, whose arrays would each be retained and
            // released for every line.
            var outbox = Outbox()
            swap(&outbox, &spare)
            swap(&outbox, &core.outbox)
            for entry in outbox.log {
                storageWork.logger.notice("\(entry.message)", metadata: entry.metadata.mapValues { .string($0) })
            }
            // A client whose storage answer came: feed it the lines held meanwhile (on a
            // later turn of the loop, never inside this delivery).
            for id in outbox.resumed { handler(for: id)?.resumeInput() }
            if hold(outbox) { continue }
            write(outbox)
            outbox.removeAll()
            spare = consume outbox
        }
        // Messages to store wait for the end of this loop turn, so that everything read in
        // the turn goes into one transaction (group commit), not the first line alone.
        if storageWork.hasPendingHistory { scheduleFlush() }
    }

    func write(_ outbox: Outbox) {
        // Deliveries of one payload come in runs (a channel message to each member in turn):
        // the payload's bytes are borrowed once per run, not retained and released per
        // recipient — that reference counting was the largest cost of fan-out (perf, 2026-12-06).
        let deliveries = outbox.deliveries
        var next = 0
        while next < deliveries.count {
            let payload = deliveries[next].payload
            outbox.payloads[payload].withUnsafeBytes { bytes in
                repeat {
                    if let handler = unretainedHandler(for: deliveries[next].client),
                       handler._withUnsafeGuaranteedRef({ $0.append(bytes) }) {
                        dirty.append(handler.takeUnretainedValue())
                    }
                    next += 1
                } while next < deliveries.count && deliveries[next].payload == payload
            }
        }
        for id in outbox.closes {
            handler(for: id)?.closeAfterWrites()
        }
    }

    /// Flushes the touched connections once the event loop has handled every ready socket
    /// of this turn: messages from many senders then leave in one `writev` per recipient,
    /// and the messages of the turn are stored in one transaction.
    func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        loop.assumeIsolated().execute { [self] in
            flushScheduled = false
            flush()
        }
    }

    /// `scheduleFlush` if a connection has been written to since the last flush.
    @inline(__always)
    func scheduleFlushIfWritten() {
        if !dirty.isEmpty { scheduleFlush() }
    }

    /// Starts the history transaction for what this turn gathered, then flushes every
    /// connection written to since the last flush.
    func flush() {
        startHistoryWrite()
        for handler in dirty { handler.flushIfNeeded() }
        dirty.removeAll(keepingCapacity: true)
    }

    /// Runs the core's periodic checks (one part of the connections per call).
    func tick() {
        // One tenth of the connections per call, ten calls a second (see `ServerCore.tick`).
        let phase = tickPhase
        tickPhase = (tickPhase + 1) % Self.tickParts
        let now = ServerInstant.current
        if phase == 0 {
            if !floodedUntil.isEmpty {
                let monotonic = DispatchTime.now().uptimeNanoseconds
                floodedUntil = floodedUntil.filter { $0.value > monotonic }
            }
            releaseFreedMemoryAfterCloses()
            refreshAccountNamesNowAndThen()
            if let step = clockWatch.step(wall: now, monotonicNanoseconds: DispatchTime.now().uptimeNanoseconds) {
                storageWork.logger.warning("the wall clock was set; timeouts keep counting real time", metadata: ["by_ms": "\(step)"])
                core.clockStepped(by: step)
            }
        }
        core.tick(now: now, part: phase, of: Self.tickParts)
        deliver()
        scheduleFlush()
    }
}

extension ServerState {
    /// Once connections have closed (a dropped non-reader's queue, a crowd of peers gone),
    /// gives the pages the C heap keeps for freed memory back to the system, at most every
    /// 5 s: without it the server's RSS stays at its high-water mark after every burst. An
    /// idle server with no closes never calls it.
    fileprivate func releaseFreedMemoryAfterCloses() {
        secondsSinceTrim += 1
        guard closesSinceTrim > 0, secondsSinceTrim >= 5 else { return }
        closesSinceTrim = 0
        secondsSinceTrim = 0
        _ = cmemory_release_free_pages()
    }
}

/// Why a connection is refused at the door.
enum RefusalReason: Error {
    case serverFull
    case tooManyFromIP
    case floodedRecently(seconds: Int)

    var message: String {
        switch self {
        case .serverFull: return "Server is full"
        case .tooManyFromIP: return "Too many connections from your IP address"
        case .floodedRecently(let seconds):
            return "Excess Flood from your IP address; try again in \(seconds) s"
        }
    }
}

extension ServerInstant {
    /// The wall clock now.
    static var current: ServerInstant {
        var tv = timeval()
        gettimeofday(&tv, nil)
        return ServerInstant(milliseconds: Int64(tv.tv_sec) * 1000 + Int64(tv.tv_usec) / 1000)
    }
}
