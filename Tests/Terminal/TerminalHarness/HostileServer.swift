#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A hostile peer on loopback for the pet's tests: it accepts the pet's chat connections
/// and then misbehaves in one chosen way. It is not a stand-in for our server; it is the
/// kind of server (or broken middlebox) a pet may meet. Everything it sends is bounded in
/// size and time; `close()` ends every connection.
public final class HostileServer: @unchecked Sendable {
    public enum Behaviour: Sendable {
        /// A complete NOTICE, then half a line (`:hostile.test 001 `), then nothing, with
        /// the socket kept open (and the client's bytes read and thrown away).
        case stallMidLine
        /// Garbage at about `bytesPerSecond` for at most `seconds`: random bytes, invalid
        /// UTF-8, lines far over IRC's limit, NULs and malformed messages; never a welcome.
        case garbage(bytesPerSecond: Int, seconds: Double)
    }

    /// The port clients connect to.
    public let port: Int
    private let behaviour: Behaviour
    private let listener: Int32
    private let stopped = Atomic<Bool>(false)
    private let accepted = Atomic<Int>(0)
    private let sockets = Locked<[Int32]>([])

    /// Connections accepted so far.
    public var connections: Int { accepted.load(ordering: .sequentiallyConsistent) }

    public init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        (listener, port) = try Loopback.listen("the hostile server")
        Thread { [self] in acceptLoop() }.start()
    }

    deinit { close() }

    /// Stops accepting and closes every connection.
    public func close() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
        for fd in sockets.withLock({ $0 }) { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private var isStopped: Bool { stopped.load(ordering: .sequentiallyConsistent) }

    private func acceptLoop() {
        while !isStopped {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let n = accepted.add(1, ordering: .sequentiallyConsistent).newValue
            sockets.withLock { $0.append(client) }
            Thread { Self.discardInput(client) }.start()
            Thread { [self] in misbehave(client, seed: UInt64(n)) }.start()
        }
    }

    /// Reads and drops what the client says, so that it never blocks on writing.
    private static func discardInput(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while read(fd, &buffer, buffer.count) > 0 {}
    }

    private func misbehave(_ fd: Int32, seed: UInt64) {
        switch behaviour {
        case .stallMidLine:
            _ = SlowProxy.writeAll(fd, Array(":hostile.test NOTICE * :*** Looking up your hostname\r\n:hostile.test 001 ".utf8))
            while !isStopped { usleep(100_000) }
        case .garbage(let rate, let seconds):
            var random = seed &* 0x9E37_79B9_7F4A_7C15 | 1
            func next() -> UInt64 {
                random ^= random << 13
                random ^= random >> 7
                random ^= random << 17
                return random
            }
            let end = Date().addingTimeInterval(seconds)
            let tick = 0.05
            while !isStopped, Date() < end {
                var chunk: [UInt8] = []
                while chunk.count < max(1, Int(Double(rate) * tick)) {
                    chunk += Self.garbageLine(next)
                }
                if !SlowProxy.writeAll(fd, chunk) { break }
                usleep(UInt32(tick * 1_000_000))
            }
            while !isStopped { usleep(100_000) }
        }
    }

    /// One piece of garbage, picked by `next`.
    static func garbageLine(_ next: () -> UInt64) -> [UInt8] {
        switch next() % 8 {
        case 0:
            // Random bytes, CR and LF among them, so lines of any shape come out.
            return (0..<Int(next() % 600 + 1)).map { _ in UInt8(truncatingIfNeeded: next()) } + [13, 10]
        case 1:
            // A well-formed message whose text is not UTF-8.
            return Array(":mallory!m@h PRIVMSG * :".utf8) + [0xC3, 0x28, 0xFF, 0xFE, 0xE2, 0x82, 0xED, 0xA0, 0x80] + [13, 10]
        case 2:
            // Far over the 8191-byte bound, then a line end.
            return Array(repeating: UInt8(ascii: "A"), count: 10_000) + [13, 10]
        case 3:
            return [0, 0, 0, 13, 10]
        case 4:
            return Array(": \r\n@;;;= \r\n:only-a-source\r\n@a=b\r\n001\r\n".utf8)
        case 5:
            return Array(":hostile.test 005 \r\n:hostile.test CAP * ACK\r\n:x BATCH +\r\n".utf8)
        case 6:
            return Array((":hostile.test 372 * :" + String(repeating: "é", count: 400) + "\r\n").utf8)
        default:
            return Array(":\(String(repeating: "n", count: 600))!u@h NICK\r\n".utf8)
        }
    }
}
