import IRCProtocol
import SCRAM
import SCRAMCrypto
import TerminalHarness

/// The client side of SASL for the tests: AUTHENTICATE framing and SCRAM-SHA-256 exchanges
/// written from IRCv3 SASL 3.2 and RFC 5802, against the real server.
extension TestClient {
    /// CAP LS 302 and CAP REQ sasl: AUTHENTICATE may follow (registration waits for CAP END).
    func negotiateSASL() throws {
        send("CAP LS 302")
        send("CAP REQ sasl")
        try expect("CAP")
        try expect("CAP")
    }

    /// Sends `text` base64-encoded in AUTHENTICATE chunks of 400 bytes; `+` after a full
    /// last chunk, or alone for an empty message.
    func sendSASL(_ text: String) {
        let encoded = Array(ScramBase64.encode(Array(text.utf8)).utf8)
        var start = 0
        while start < encoded.count {
            let end = min(start + 400, encoded.count)
            send("AUTHENTICATE " + String(decoding: encoded[start..<end], as: UTF8.self))
            start = end
        }
        if encoded.count % 400 == 0 { send("AUTHENTICATE +") }
    }

    /// Reads one SASL message (joining chunks); throws with the numeric if SASL ends instead.
    func readSASL() throws -> String {
        var text = ""
        while true {
            let last = try read(until: { ["AUTHENTICATE", "904", "905", "906"].contains($0.command) }).last!
            guard last.command == "AUTHENTICATE" else {
                throw TestClientError(description: "SASL ended with \(last.command): \(last.parameters.last ?? "")")
            }
            let chunk = last.parameters[0]
            if chunk != "+" { text += chunk }
            if chunk.utf8.count < 400 { break }
        }
        guard let bytes = ScramBase64.decode(text) else { throw TestClientError(description: "bad base64 from server: \(text)") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `AUTHENTICATE SCRAM-SHA-256` and client-first; returns server-first.
    func scramStart(_ client: ScramClient) throws -> String {
        send("AUTHENTICATE SCRAM-SHA-256")
        let go = try expect("AUTHENTICATE")
        guard go.parameters == ["+"] else { throw TestClientError(description: "expected AUTHENTICATE +, got \(go)") }
        sendSASL(client.first.text)
        return try readSASL()
    }

    /// A whole SCRAM-SHA-256 login; returns the final numeric (903 or 904) and whether the
    /// server's signature was right (false when the server never sent one).
    func scramLogin(_ user: String, password: String) throws -> (numeric: String, serverVerified: Bool) {
        var client = ScramClient(username: user, password: password)
        let serverFirst = try scramStart(client)
        sendSASL(try client.respond(to: serverFirst))
        let reply = try read(until: { ["AUTHENTICATE", "904"].contains($0.command) }).last!
        guard reply.command == "AUTHENTICATE" else { return ("904", false) }
        let serverFinal = String(decoding: ScramBase64.decode(reply.parameters[0]) ?? [], as: UTF8.self)
        let verified = client.verify(serverFinal)
        send("AUTHENTICATE +")
        return (try read(until: { ["903", "904"].contains($0.command) }).last!.command, verified)
    }
}
