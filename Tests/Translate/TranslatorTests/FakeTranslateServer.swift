import Foundation

/// A real HTTP server on loopback (python3's http.server, started by the test, ephemeral
/// port) that speaks LibreTranslate's `POST /translate` and the OpenAI-style
/// `POST /v1/chat/completions`, plus paths that misbehave: `/slow/…` answers after 30 s,
/// `/garbage/…` sends non-JSON, `/broken/…` a 500 with an error object, `/rambling/…` a 503
/// whose error is 100 KB over many lines, `/endless/…` a 200 announcing 2 GB and sending
/// zeros until the client goes away, `/trickle/…` a 200 whose body comes one byte every
/// 200 ms. It is also a proxy: after `CONNECT host:port` (the tunnel a client opens through
/// a proxy) it answers the tunnelled request itself, whatever the host, and a translation
/// that came through the tunnel ends in `|proxied`. The server exits
/// when its standard input closes, so it never outlives the test process.
final class FakeTranslateServer {
    let process = Process()
    let input = Pipe()
    let port: Int

    static let script = #"""
    import json, sys, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def reply(self, status, body, ctype="application/json"):
            data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status); self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
        def stream(self, length, chunk, pause):
            self.send_response(200); self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(length)); self.end_headers()
            try:
                for _ in range(100000):  # bounded: at most 100 000 chunks
                    self.wfile.write(chunk); self.wfile.flush(); time.sleep(pause)
            except OSError: pass
        def do_CONNECT(self):
            self.send_response(200, "Connection established"); self.end_headers()
            self.tunnelled = True; self.close_connection = False
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            proxied = getattr(self, "tunnelled", False)
            if self.path.startswith("/endless/"): return self.stream(2 << 30, b"0" * 65536, 0)
            if self.path.startswith("/trickle/"): return self.stream(1000, b" ", 0.2)
            if self.path.startswith("/slow/"): time.sleep(30); return self.reply(200, {"translatedText": "late"})
            if self.path.startswith("/garbage/"): return self.reply(200, b"<html>not json</html>", "text/html")
            if self.path.startswith("/broken/"): return self.reply(500, {"error": {"message": "model not loaded"}})
            if self.path.startswith("/rambling/"): return self.reply(503, {"error": "overloaded\n\tplease wait " * 5000})
            if self.path == "/translate":
                if body.get("source") != "en" or body.get("target") != "zh": return self.reply(400, {"error": "bad languages"})
                return self.reply(200, {"translatedText": "译:" + body["q"] + ("|key" if body.get("api_key") else "")
                    + ("|proxied" if proxied else "")})
            if self.path == "/v1/chat/completions":
                user = [m["content"] for m in body["messages"] if m["role"] == "user"][0]
                auth = self.headers.get("Authorization", "")
                return self.reply(200, {"choices": [{"message": {"role": "assistant",
                    "content": " 译:" + user + "|" + body["model"] + ("|" + auth if auth else "") + "\n"}}]})
            self.reply(404, {"error": "no such path"})
    import os, signal, threading
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    def watchdog():  # the test closes our stdin (or dies): stop
        sys.stdin.read(); os._exit(0)
    threading.Thread(target=watchdog, daemon=True).start()
    s = ThreadingHTTPServer(("127.0.0.1", 0), H)
    if len(sys.argv) > 2:  # certificate and key: speak HTTPS (a failed handshake drops that client only)
        import ssl
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); tls.load_cert_chain(sys.argv[1], sys.argv[2])
        s.socket = tls.wrap_socket(s.socket, server_side=True)
    s.daemon_threads = True
    print(s.server_address[1], flush=True)
    s.serve_forever()
    """#

    /// Plain HTTP, or HTTPS with `tls` (PEM certificate and key files).
    init(tls: (cert: String, key: String)? = nil) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script] + (tls.map { [$0.cert, $0.key] } ?? [])
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = input
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let p = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        port = p
    }

    func url(_ path: String = "", scheme: String = "http") -> URL { URL(string: "\(scheme)://127.0.0.1:\(port)\(path)")! }

    deinit {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }
}
