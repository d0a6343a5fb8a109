#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import TerminalHarness

/// A loopback TCP proxy that can stop passing the server's bytes to the client (they are read
/// and dropped) while the client's bytes still reach the server: the server's echoes of lines
/// it stored are lost, as when it dies right after storing them. New connections pass normally
/// after `thaw()`. A closed side closes the other.
final class CutProxy: @unchecked Sendable {
    let port: Int
    private let upstream: Int
    private let listener: Int32
    private let cut = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)

    init(upstream: Int) throws {
        self.upstream = upstream
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        guard ok else {
            Glibc.close(fd)
            throw FixtureError(description: "the proxy could not listen")
        }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    deinit { close() }

    /// From now on the server's bytes are dropped.
    func cutEchoes() { cut.store(true, ordering: .sequentiallyConsistent) }
    /// The server's bytes pass again (for the next connection).
    func thaw() { cut.store(false, ordering: .sequentiallyConsistent) }

    func close() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .sequentiallyConsistent) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            guard let server = Loopback.connect(port: upstream) else {
                Glibc.close(client)
                continue
            }
            Thread { Self.pump(from: client, to: server, drop: nil) }.start()
            Thread { [self] in Self.pump(from: server, to: client, drop: { self.cut.load(ordering: .sequentiallyConsistent) }) }.start()
        }
    }

    /// Copies until either side ends, then shuts both down (each pump closes its reading end).
    private static func pump(from: Int32, to: Int32, drop: (() -> Bool)?) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        loop: while true {
            let n = read(from, &buffer, buffer.count)
            if n <= 0 { break }
            if drop?() == true { continue }
            var offset = 0
            while offset < n {
                let w = buffer[offset..<n].withUnsafeBytes { Glibc.send(to, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if w <= 0 { break loop }
                offset += w
            }
        }
        shutdown(from, Int32(SHUT_RDWR))
        shutdown(to, Int32(SHUT_RDWR))
        Glibc.close(from)
    }
}
