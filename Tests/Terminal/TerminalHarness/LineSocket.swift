#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection that reads and writes lines: real sockets on loopback, nothing
/// mocked. The test IRC clients of ServerTests (`TestClient`) and ConformanceTests
/// (`LineClient`) build on it. Reads wait in `poll` with a generous bound, so a broken
/// server fails the test instead of hanging it; no assertion depends on how fast anything is.
open class LineSocket {
    public let fd: Int32
    private var buffer: [UInt8] = []
    private var closed = false
    /// Every line read, for failure messages.
    public private(set) var transcript: [String] = []
    /// Who is talking, for failure messages (the IRC clients keep their nick here).
    public var nick = ""

    /// Connects to `host:port` (IPv4), with a receive buffer of `receiveBuffer` bytes if given.
    public init(port: Int, host: String = "127.0.0.1", receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Loopback.Failure(description: "socket() failed") }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            Glibc.close(fd)
            throw Loopback.Failure(description: "connect to \(host):\(port) failed")
        }
    }

    deinit { close() }

    /// Closes the socket (once).
    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// Sends one line (CR LF added).
    public func send(_ line: String) {
        sendRaw(Array((line + "\r\n").utf8))
    }

    /// Sends bytes as they are (invalid UTF-8 included).
    public func sendRaw(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// The next line (without CR LF), or nil at end of stream. Throws if nothing arrives
    /// within `timeout` seconds.
    public func readLine(timeout: Double = 15) throws -> String? {
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<nl])
                buffer.removeFirst(nl + 1)
                if line.last == 0x0D { line.removeLast() }
                let text = String(decoding: line, as: UTF8.self)
                transcript.append(text)
                return text
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, Int32(timeout * 1000)) == 0 {
                throw Loopback.Failure(description: "\(nick): nothing within \(timeout) s; last lines: \(transcript.suffix(10))")
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// Reads until the server closes the connection; returns the lines seen.
    public func readUntilClosed(timeout: Double = 15) throws -> [String] {
        var lines: [String] = []
        while let line = try readLine(timeout: timeout) { lines.append(line) }
        return lines
    }
}
