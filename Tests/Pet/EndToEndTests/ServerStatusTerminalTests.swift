#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness
import Testing

/// `tachikoma-server status` end to end: the real server with --metrics on free ports,
/// the status view in tmux, a real IRC client over TCP, and hostile endpoints.
@Suite(.serialized) struct ServerStatusTerminalTests {
    let binary = Products.path("tachikoma-server")

    typealias Failure = ChatTerminalTests.Failure

    /// The server with metrics; waits until both ports answer.
    static func startServer(port: Int, metricsPort: Int) throws -> pid_t {
        let pid = try Spawn.background([Products.path("tachikoma-server"), "--db", "none", "--listen", "127.0.0.1:\(port)",
                                       "--metrics", "127.0.0.1:\(metricsPort)"])
        do {
            try Loopback.eventually("server listening") {
                Loopback.answers(port) && Loopback.answers(metricsPort)
            }
        } catch {
            Spawn.killAndReap(pid)
            throw error
        }
        return pid
    }

    /// A plain IRC client: lines out over a blocking socket, nothing read but the welcome.
    final class IRCClient {
        let fd: Int32

        init(port: Int) throws {
            guard let fd = Loopback.connect(port: port) else { throw Failure(description: "cannot connect to the IRC port") }
            self.fd = fd
        }

        deinit { close(fd) }

        func send(_ line: String) {
            let bytes = Array((line + "\r\n").utf8)
            _ = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
        }

        /// Reads until `text` has been seen (bounded by a receive timeout).
        func read(until text: String) throws {
            var tv = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var seen = ""
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !seen.contains(text) {
                let n = recv(fd, &buffer, buffer.count, 0)
                guard n > 0 else { throw Failure(description: "no \(text) from the server; got \(seen.suffix(300))") }
                seen += String(decoding: buffer[0..<n], as: UTF8.self)
            }
        }
    }

    /// The value at the end of the figure line that starts with `label`.
    static func figure(_ label: String, in screen: String) -> String? {
        for line in screen.split(separator: "\n") {
            guard let r = line.range(of: label + " ") else { continue }
            return line[r.upperBound...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    @Test func watchesALiveServerThroughAnOutageAndQuitsCleanly() throws {
        let port = try Loopback.freePort(), metricsPort = try Loopback.freePort()
        var server = try Self.startServer(port: port, metricsPort: metricsPort)
        defer { Spawn.killAndReap(server) }
        let t = try TmuxSession(command: [binary, "status", "--metrics", "127.0.0.1:\(metricsPort)"], width: 80, height: 24, shell: true)
        defer { t.close() }
        var screen = try t.waitUntil("connections 0", timeout: 20) { Self.figure("Connections", in: $0) == "0" }
        #expect(screen.contains("tachikoma-server status · http://127.0.0.1:\(metricsPort)/metrics"))
        #expect(screen.contains("CPU"))

        let client = try IRCClient(port: port)
        client.send("NICK watcher")
        client.send("USER w 0 * :w")
        try client.read(until: " 001 ")
        client.send("JOIN #status")
        try client.read(until: " 366 ")
        // A message every 0.3 s (under the flood limit) until the view shows a rate.
        var sent = 0
        try Loopback.eventually("1 connection and messages per second", timeout: 30) {
            client.send("PRIVMSG #status :tick \(sent)")
            sent += 1
            usleep(300_000)
            screen = t.capture()
            let rate = Self.figure("Messages/s received", in: screen).flatMap(Double.init) ?? 0
            return Self.figure("Connections", in: screen) == "1" && rate > 0
        }
        #expect(screen.contains("peak "))
        #expect(screen.contains("up "))

        // The server goes away: one clear line, the view stays up.
        Spawn.killAndReap(server)
        screen = try t.waitFor("cannot reach 127.0.0.1:\(metricsPort): connection refused — retrying", timeout: 20)
        #expect(screen.contains("Connections"))
        // It comes back on the same ports: the view recovers.
        server = try Self.startServer(port: port, metricsPort: metricsPort)
        screen = try t.waitUntil("recovered", timeout: 20) { $0.contains("updated ") && !$0.contains("cannot reach") }
        #expect(Self.figure("Connections", in: screen) == "0")

        t.press("q")
        screen = try t.waitForPrompt()
        #expect(!screen.contains("Connections"))
    }

    @Test func escCtrlCCtrlZResizeAndATinyTerminal() throws {
        let port = try Loopback.freePort()  // nothing listens there
        for key in ["Escape", "C-c"] {
            let t = try TmuxSession(command: [binary, "status", "--metrics", "127.0.0.1:\(port)"], width: 80, height: 24, shell: true)
            defer { t.close() }
            try t.waitFor("cannot reach 127.0.0.1:\(port): connection refused — retrying", timeout: 20)
            t.resize(width: 10, height: 5)
            try t.waitFor("too small")
            t.resize(width: 120, height: 40)
            try t.waitFor("Messages/s received")
            t.press(key)
            try t.waitForPrompt()
        }
        // Ctrl-Z gives the shell back; fg brings the view back whole.
        let t = try TmuxSession(command: [binary, "status", "--metrics", "127.0.0.1:\(port)"], width: 80, height: 24, shell: true)
        defer { t.close() }
        try t.waitFor("cannot reach", timeout: 20)
        t.press("C-z")
        try t.waitForPrompt()
        t.type("fg")
        t.press("Enter")
        try t.waitFor("Messages/s received")
        t.press("q")
        try t.waitForPrompt()
    }

    @Test func onceAgainstARealServer() throws {
        let port = try Loopback.freePort(), metricsPort = try Loopback.freePort()
        let server = try Self.startServer(port: port, metricsPort: metricsPort)
        defer { Spawn.killAndReap(server) }
        let r = try Spawn.run([binary, "status", "--metrics", "http://127.0.0.1:\(metricsPort)/metrics", "--once", "--interval", "0.5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("tachikoma-server status: http://127.0.0.1:\(metricsPort)/metrics\n"))
        #expect(r.stdout.contains("connections:          0\n"))
        #expect(r.stdout.contains("messages/s received:  0\n"))
        #expect(!r.stdout.contains("cpu:                  —"))
        #expect(r.stdout.contains("resident memory:"))

        let notFound = try Spawn.run([binary, "status", "--metrics", "127.0.0.1:\(metricsPort)/nope", "--once"])
        #expect(notFound.status == 1)
        #expect(notFound.stderr.contains("127.0.0.1:\(metricsPort) answered HTTP 404 Not Found"))
    }

    @Test(arguments: [
        (["--metrics", "nonsense"], "has no port"),
        (["--metrics", "https://127.0.0.1:9187/metrics"], "https is not supported"),
        (["--metrics", "127.0.0.1:99999"], "is not a port"),
        (["--interval", "0"], "--interval must be"),
        (["--interval", "nan"], "--interval must be"),
        (["--listen", "127.0.0.1:6667"], "the other flags are the server's"),
    ])
    func badArgumentsExit64BeforeCurses(args: [String], message: String) throws {
        let r = try Spawn.run([binary, "status"] + args)
        #expect(r.status == 64)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!r.stdout.contains("\u{1B}["))
    }

    @Test func noTerminalWithoutOnceIsAnError() throws {
        let r = try Spawn.run([binary, "status", "--metrics", "127.0.0.1:1"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("not a terminal; use --once"))
    }

    @Test func unreachableOnceExits1() throws {
        let port = try Loopback.freePort()
        let r = try Spawn.run([binary, "status", "--metrics", "127.0.0.1:\(port)", "--once"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot reach 127.0.0.1:\(port): connection refused"))
    }

    /// A web server that answers 200 with a page that is not metrics, and a TCP server that
    /// does not speak HTTP at all: a clear line in both modes.
    @Test func garbageEndpoints() throws {
        let htmlPort = try Loopback.freePort(), rawPort = try Loopback.freePort()
        let html = """
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = b"<html><body>hello</body></html>\\n"
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *a): pass
            http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
            """
        let raw = """
            import socket, sys
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
            while True:
                c, _ = s.accept(); c.sendall(b"\\x00\\x01garbage that is not HTTP\\r\\n\\r\\n"); c.close()
            """
        let htmlServer = try Spawn.background(["/usr/bin/env", "python3", "-c", html, String(htmlPort)])
        defer { Spawn.killAndReap(htmlServer) }
        let rawServer = try Spawn.background(["/usr/bin/env", "python3", "-c", raw, String(rawPort)])
        defer { Spawn.killAndReap(rawServer) }
        try Loopback.eventually("python servers listening") {
            Loopback.answers(htmlPort) && Loopback.answers(rawPort)
        }

        let once = try Spawn.run([binary, "status", "--metrics", "127.0.0.1:\(htmlPort)", "--once"])
        #expect(once.status == 1)
        #expect(once.stderr.contains("127.0.0.1:\(htmlPort)/metrics is not Prometheus text (line 1: expected a metric name"))
        let notHTTP = try Spawn.run([binary, "status", "--metrics", "127.0.0.1:\(rawPort)", "--once"])
        #expect(notHTTP.status == 1)
        #expect(notHTTP.stderr.contains("127.0.0.1:\(rawPort)"), "\(notHTTP.stderr)")

        let t = try TmuxSession(command: [binary, "status", "--metrics", "http://127.0.0.1:\(htmlPort)/metrics"], width: 80, height: 24, shell: true)
        defer { t.close() }
        try t.waitFor("is not Prometheus text", timeout: 20)
        t.press("q")
        try t.waitForPrompt()
    }
}
