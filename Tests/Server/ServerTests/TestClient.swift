#if canImport(Glibc)
import Glibc
#endif
import IRCProtocol

/// Why a test client gave up.
struct TestClientError: Error, CustomStringConvertible {
    let description: String
}

/// A plain blocking TCP IRC client for tests: real sockets on loopback, nothing mocked.
///
/// Reads wait with `poll` and a generous bound so a broken server fails the test instead of
/// hanging it; no assertion depends on how fast anything is.
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var transcript: [String] = []
    var nick = ""

    init(port: Int, host: String = "127.0.0.1", receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestClientError(description: "socket() failed") }
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
            throw TestClientError(description: "connect to \(host):\(port) failed")
        }
    }

    private var closed = false

    deinit { close() }

    /// Closes the socket (once).
    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// Sends one line (CR LF added).
    func send(_ line: String) {
        sendRaw(Array((line + "\r\n").utf8))
    }

    /// Sends bytes as they are.
    func sendRaw(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// The next line, or `nil` at end of stream. Throws if nothing arrives within `timeout`.
    func readLine(timeout: Double = 10) throws -> String? {
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
            let ready = poll(&pfd, 1, Int32(timeout * 1000))
            if ready == 0 {
                throw TestClientError(description: "no line within \(timeout)s; last lines: \(transcript.suffix(8))")
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// Reads until a message satisfies `predicate`; earlier messages are returned too.
    @discardableResult
    func read(until predicate: (IRCMessage) -> Bool, timeout: Double = 10) throws -> [IRCMessage] {
        var seen: [IRCMessage] = []
        while let line = try readLine(timeout: timeout) {
            let message = try IRCMessage(parsing: line)
            seen.append(message)
            if predicate(message) { return seen }
        }
        throw TestClientError(description: "connection closed before the expected message; saw \(transcript.suffix(8))")
    }

    /// Reads until a message with `command` arrives and returns it.
    @discardableResult
    func expect(_ command: String, timeout: Double = 10) throws -> IRCMessage {
        try read(until: { $0.command == command }, timeout: timeout).last!
    }

    /// Reads until `command` and returns everything up to and including it.
    func collect(until command: String) throws -> [IRCMessage] {
        try read(until: { $0.command == command })
    }

    /// Registers as `nick`, optionally requesting `caps`, and reads through the MOTD.
    @discardableResult
    func register(_ nick: String, caps: [String] = [], user: String = "user", realname: String = "Real Name") throws -> [IRCMessage] {
        self.nick = nick
        if !caps.isEmpty {
            send("CAP LS 302")
            send("CAP REQ :" + caps.joined(separator: " "))
        }
        send("NICK \(nick)")
        send("USER \(user) 0 * :\(realname)")
        if !caps.isEmpty {
            try expect("CAP")
            let ack = try expect("CAP")
            guard ack.parameters[1] == "ACK" else { throw TestClientError(description: "caps refused: \(ack)") }
            send("CAP END")
        }
        return try read(until: { $0.command == "376" || $0.command == "422" })
    }

    /// Sends PING and reads until its PONG: everything the server sent before is returned.
    func sync(_ token: String = "sync") throws -> [IRCMessage] {
        send("PING \(token)")
        return try read(until: { $0.command == "PONG" && $0.parameters.last == token })
    }

    /// Reads until the server closes the connection; returns the lines seen.
    func readUntilClosed(timeout: Double = 10) throws -> [String] {
        var lines: [String] = []
        while let line = try readLine(timeout: timeout) { lines.append(line) }
        return lines
    }
}
