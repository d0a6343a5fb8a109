#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import IRCProtocol
import NIOCore
import ServerCore

/// Everything the server mutates, confined to the server's single event loop.
///
/// `ServerCore` decides; this class carries its outbox out to the connections' channels:
/// one `ByteBuffer` per payload (shared by every recipient of a relayed message), writes
/// without flushing while a batch of input is processed, and one flush per touched
/// connection at the end of the batch.
final class ServerState {
    let core: ServerCore
    let loop: any EventLoop
    var connections: [ClientID: ConnectionHandler] = [:]
    private var perIP: [String: Int] = [:]
    private var nextID: UInt64 = 0
    private var dirty: [ConnectionHandler] = []
    private var buffers: [ByteBuffer?] = []
    private var spare = Outbox()
    private var delivering = false
    private let allocator = ByteBufferAllocator()

    init(core: ServerCore, loop: any EventLoop) {
        self.core = core
        self.loop = loop
    }

    var config: ServerConfig { core.config }

    /// Admits a new connection from `ip`, or returns why it is refused.
    func admit(_ handler: ConnectionHandler, ip: String) -> Result<ClientID, RefusalReason> {
        if config.maxConnections > 0 && connections.count >= config.maxConnections {
            return .failure(.serverFull)
        }
        if config.maxConnectionsPerIP > 0 && perIP[ip, default: 0] >= config.maxConnectionsPerIP {
            return .failure(.tooManyFromIP)
        }
        nextID += 1
        let id = ClientID(nextID)
        perIP[ip, default: 0] += 1
        connections[id] = handler
        core.clientConnected(id, ip: ip, now: .current)
        return .success(id)
    }

    /// Forgets a closed connection.
    func release(_ id: ClientID, ip: String, reason: String) {
        guard connections.removeValue(forKey: id) != nil else { return }
        if let n = perIP[ip] { perIP[ip] = n > 1 ? n - 1 : nil }
        core.clientDisconnected(id, reason: reason, now: .current)
        deliver()
        flush()
    }

    /// Writes out whatever the core queued (without flushing). Re-entrant calls (a write
    /// that makes the core queue more) return at once; the outer call picks the rest up.
    func deliver() {
        guard !delivering else { return }
        delivering = true
        defer { delivering = false }
        while !core.outbox.isEmpty {
            var outbox = spare
            swap(&outbox, &core.outbox)
            write(outbox)
            outbox.removeAll()
            spare = outbox
        }
    }

    private func write(_ outbox: Outbox) {
        if buffers.count < outbox.payloads.count {
            buffers.append(contentsOf: repeatElement(nil, count: outbox.payloads.count - buffers.count))
        }
        for delivery in outbox.deliveries {
            guard let handler = connections[delivery.client] else { continue }
            let buffer: ByteBuffer
            if let cached = buffers[delivery.payload] {
                buffer = cached
            } else {
                buffer = allocator.buffer(bytes: outbox.payloads[delivery.payload])
                buffers[delivery.payload] = buffer
            }
            if handler.write(buffer) { dirty.append(handler) }
        }
        for i in 0..<outbox.payloads.count { buffers[i] = nil }
        for id in outbox.closes {
            connections[id]?.closeAfterWrites()
        }
    }

    /// Flushes every connection written to since the last flush.
    func flush() {
        for handler in dirty { handler.flushIfNeeded() }
        dirty.removeAll(keepingCapacity: true)
    }

    /// Runs the core's periodic checks.
    func tick() {
        core.tick(now: .current)
        deliver()
        flush()
    }
}

/// Why a connection is refused at the door.
enum RefusalReason: Error {
    case serverFull
    case tooManyFromIP

    var message: String {
        switch self {
        case .serverFull: return "Server is full"
        case .tooManyFromIP: return "Too many connections from your IP address"
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
