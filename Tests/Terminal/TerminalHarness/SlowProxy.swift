#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A TCP proxy on loopback that makes a fast local server look like a slow, far one: every
/// line from the server reaches the client `delay` seconds late, and the lines that `hold`
/// picks (say, a channel's JOIN, NAMES and history) `extra` seconds later still, after
/// lines the server sent behind them. Client → server bytes pass at once. Each accepted
/// connection gets its own upstream connection; `close()` ends them all. `cutServerLines()`
/// makes it drop what the server says (read and thrown away) while the client's bytes still
/// reach the server, as when a server dies right after storing a line; `thaw()` lets it pass
/// again.
public final class SlowProxy: @unchecked Sendable {
    /// The port clients connect to.
    public let port: Int
    private let upstream: Int
    private let delay: Double
    private let extra: Double
    private let hold: @Sendable (String) -> Bool
    private let listener: Int32
    private let stopped = Atomic<Bool>(false)
    private let cut = Atomic<Bool>(false)
    private let sockets = Locked<[Int32]>([])

    public init(upstream: Int, delay: Double = 0, extra: Double = 0, hold: @escaping @Sendable (String) -> Bool = { _ in false }) throws {
        self.upstream = upstream
        self.delay = delay
        self.extra = extra
        self.hold = hold
        (listener, port) = try Loopback.listen("the proxy")
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { close() }

    /// From now on the server's lines are dropped.
    public func cutServerLines() { cut.store(true, ordering: .sequentiallyConsistent) }
    /// The server's lines pass again.
    public func thaw() { cut.store(false, ordering: .sequentiallyConsistent) }

    /// Stops accepting and closes every connection.
    public func close() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
        for fd in sockets.withLock({ $0 }) { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .sequentiallyConsistent) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            guard let server = Loopback.connect(port: upstream) else {
                Glibc.close(client)
                continue
            }
            sockets.withLock { $0 += [client, server] }
            Thread { Self.pump(from: client, to: server) }.start()
            let queue = DelayQueue()
            Thread { [self] in readServer(server, into: queue) }.start()
            Thread { queue.drain(to: client) }.start()
        }
    }

    /// Client → server: straight through.
    private static func pump(from: Int32, to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(from, &buffer, buffer.count)
            if n <= 0 { break }
            if !SlowProxy.writeAll(to, Array(buffer[0..<n])) { break }
        }
        shutdown(to, Int32(SHUT_WR))
    }

    /// Server → queue: each line stamped with the time it may go out. Held lines keep their
    /// own order among themselves; the others keep theirs.
    private func readServer(_ fd: Int32, into queue: DelayQueue) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var pending: [UInt8] = []
        var lastHeld = 0.0
        var lastPlain = 0.0
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            pending += buffer[0..<n]
            while let newline = pending.firstIndex(of: 10) {
                let line = Array(pending[...newline])
                pending.removeSubrange(...newline)
                if cut.load(ordering: .sequentiallyConsistent) { continue }
                let text = String(decoding: line, as: UTF8.self)
                let now = Date().timeIntervalSince1970
                if hold(text) {
                    lastHeld = max(lastHeld, now + delay + extra)
                    queue.put(line, at: lastHeld)
                } else {
                    lastPlain = max(lastPlain, now + delay)
                    queue.put(line, at: lastPlain)
                }
            }
        }
        queue.finish(at: max(lastHeld, lastPlain, Date().timeIntervalSince1970 + delay))
    }

    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            // send with MSG_NOSIGNAL: a peer that went away is an error here, not SIGPIPE.
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

/// Lines waiting for their time, written in time order (ties in arrival order).
final class DelayQueue: Sendable {
    private struct State {
        var items: [(at: Double, seq: Int, bytes: [UInt8])] = []
        var seq = 0
        var finishAt: Double?
    }
    private let state = Locked(State())

    func put(_ bytes: [UInt8], at: Double) {
        state.withLock { s in
            s.items.append((at, s.seq, bytes))
            s.seq += 1
        }
    }

    func finish(at: Double) { state.withLock { $0.finishAt = at } }

    func drain(to fd: Int32) {
        while true {
            let now = Date().timeIntervalSince1970
            let (due, done): ([[UInt8]], Bool) = state.withLock { s in
                let ready = s.items.filter { $0.at <= now }.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }
                s.items.removeAll { $0.at <= now }
                return (ready.map(\.bytes), s.items.isEmpty && (s.finishAt.map { $0 <= now } ?? false))
            }
            for line in due where !SlowProxy.writeAll(fd, line) {
                return
            }
            if done {
                shutdown(fd, Int32(SHUT_WR))
                return
            }
            usleep(10_000)
        }
    }
}
