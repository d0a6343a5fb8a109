import IRCProtocol
import SCRAM

/// SASL login (IRCv3 SASL 3.2): SCRAM-SHA-256 when the server offers it and the adapter
/// supplied a `ScramProver`, else PLAIN. Messages go out and come in as base64 in 400-byte
/// AUTHENTICATE chunks.
///
/// If the server refuses SCRAM (904), the session tries PLAIN once, when offered: an
/// account made before the server stored SCRAM keys gets them at a PLAIN login. A server
/// whose SCRAM signature is wrong does not know the account's keys: the exchange is aborted
/// and nothing falls back.
///
/// With stored keys and no password (`config.scramKeys`, what "remember me" keeps), only
/// SCRAM-SHA-256 is used, and only when the server's salt and iteration count are the keys'.
/// Anything else — no SCRAM offered, other parameters, a refusal — stops the session with
/// `.passwordNeeded`: nothing weaker is tried. A SCRAM login with the password reports the
/// keys it derived (`.scramKeysLearned`) after the server's 903.
extension ChatSession {
    /// Where the client's side of the exchange stands.
    enum SASLExchange: Sendable {
        /// PLAIN: waiting for `AUTHENTICATE +`.
        case plain
        /// SCRAM: waiting for `AUTHENTICATE +` to send client-first.
        case scramStarting
        /// SCRAM: client-first sent, waiting for server-first.
        case scramChallenged(ClientFirstMessage)
        /// SCRAM: client-final sent, waiting for server-final with this signature; `learned`:
        /// the keys derived from the password, reported at the 903.
        case scramProved(expected: [UInt8], learned: ScramClientKeys?)
        /// SCRAM: the server proved itself; waiting for 903.
        case scramVerified(learned: ScramClientKeys?)
    }

    /// The exchange under way (nil when none, or aborted).
    var saslExchange: SASLExchange? {
        if case .exchanging(let exchange, _)? = connection?.login { exchange } else { nil }
    }

    /// The mechanism name of the exchange (for `loginMechanism`).
    var exchangeMechanism: String? {
        switch saslExchange {
        case nil: return nil
        case .plain?: return "PLAIN"
        default: return "SCRAM-SHA-256"
        }
    }

    /// Keys derived from the password in this SCRAM exchange, reported at its 903.
    var learnedKeys: ScramClientKeys? {
        switch saslExchange {
        case .scramProved(_, let learned)?, .scramVerified(let learned)?: learned
        default: nil
        }
    }

    /// Moves the exchange on (no chunk of the next server message received yet).
    mutating func exchange(_ next: SASLExchange) {
        connection?.login = .exchanging(next, received: "")
    }

    /// Whether the only credentials are stored SCRAM keys (no password).
    var keysOnly: Bool { config.password.isEmpty && config.scramKeys != nil }

    /// Whether there is anything to log in with.
    var hasCredentials: Bool { !config.password.isEmpty || config.scramKeys != nil }

    /// Whether the server offers SCRAM-SHA-256 and we can compute it.
    var scramOffered: Bool {
        scram != nil && (offeredCaps["sasl"] ?? "").split(separator: ",").contains { $0.uppercased() == "SCRAM-SHA-256" }
    }

    /// Stored keys cannot log in: say why, stop (no reconnect) and let the app ask for the
    /// password. Once per session.
    mutating func needPassword(_ why: String, now: Double, out: inout [ChatAction]) {
        guard connection?.passwordAsked != true else { return }
        connection?.passwordAsked = true
        connection?.login = nil
        info(why, kind: .error, now: now)
        out.append(.notify(.passwordNeeded(why)))
        connection?.afterClose = .stayDown
        out.append(.send(IRCMessage("QUIT", "Password needed")))
        out.append(.disconnect)
    }

    /// Starts the login with the best mechanism the server offers.
    mutating func startSASL(now: Double, out: inout [ChatAction]) {
        let scramRefused = connection?.scramRefused ?? false
        if keysOnly && (!scramOffered || scramRefused) {
            return needPassword("Password needed: this server offers no SCRAM-SHA-256 login (only SCRAM keys are saved).",
                                now: now, out: &out)
        }
        let offered = (offeredCaps["sasl"] ?? "").split(separator: ",").map { $0.uppercased() }
        if scram != nil, !scramRefused, offered.contains("SCRAM-SHA-256") {
            exchange(.scramStarting)
            out.append(.send(IRCMessage("AUTHENTICATE", "SCRAM-SHA-256")))
        } else {
            exchange(.plain)
            out.append(.send(IRCMessage("AUTHENTICATE", "PLAIN")))
        }
    }

    /// AUTHENTICATE <base64 chunk> | AUTHENTICATE +
    mutating func handleAuthenticate(_ m: IRCMessage, now: Double, out: inout [ChatAction]) {
        guard case .exchanging(let current, var received)? = connection?.login, let chunk = m[parameter: 0] else { return }
        if chunk != "+" { received += chunk }
        if chunk.utf8.count == 400 && received.utf8.count < 8192 {
            connection?.login = .exchanging(current, received: received)
            return
        }
        let payload = received
        exchange(current)
        switch current {
        case .plain:
            guard payload.isEmpty else { return abortSASL("unexpected data for PLAIN", now: now, out: &out) }
            let user = Array(config.nick.utf8)
            sendSASL(user + [0] + user + [0] + Array(config.password.utf8), out: &out)
        case .scramStarting:
            guard payload.isEmpty, let scram else { return abortSASL("unexpected data before SCRAM", now: now, out: &out) }
            let first = ClientFirstMessage(username: config.nick, nonce: scram.makeNonce())
            exchange(.scramChallenged(first))
            sendSASL(Array(first.text.utf8), out: &out)
        case .scramChallenged(let first):
            guard let scram, let bytes = ScramBase64.decode(payload), let text = String(validating: bytes, as: UTF8.self),
                  let server = try? ServerFirstMessage(parsing: text),
                  server.nonce.hasPrefix(first.nonce), server.nonce.count > first.nonce.count,
                  (4096...1_000_000).contains(server.iterations) else {
                return abortSASL("the server's SCRAM challenge is malformed", now: now, out: &out)
            }
            let authMessage = first.bare + "," + text + ","
                + ClientFinalMessage.withoutProof(gs2Header: first.gs2Header, nonce: server.nonce)
            let keys: ScramClientKeys
            var learnedKeys: ScramClientKeys?
            if !config.password.isEmpty {
                guard let derived = try? scram.deriveKeys(password: config.password, salt: server.salt, iterations: server.iterations) else {
                    return abortSASL("could not compute the SCRAM proof", now: now, out: &out)
                }
                keys = derived
                learnedKeys = derived
            } else if let saved = config.scramKeys, saved.salt == server.salt, saved.iterations == server.iterations {
                keys = saved
            } else {
                return abortSASL("the server's SCRAM salt or iteration count is not the saved keys' (was the account made again?)",
                                 now: now, out: &out)
            }
            let proof = scram.prove(keys: keys, authMessage: authMessage)
            exchange(.scramProved(expected: proof.serverSignature, learned: learnedKeys))
            let final = ClientFinalMessage(gs2Header: first.gs2Header, nonce: server.nonce, proof: proof.clientProof)
            sendSASL(Array(final.text.utf8), out: &out)
        case .scramProved(let expected, let learned):
            guard let bytes = ScramBase64.decode(payload), let text = String(validating: bytes, as: UTF8.self),
                  case .verifier(let signature)? = try? ServerFinalMessage(parsing: text),
                  ConstantTime.equal(signature, expected) else {
                return abortSASL("the server could not prove it knows this account (wrong SCRAM signature)", now: now, out: &out)
            }
            exchange(.scramVerified(learned: learned))
            out.append(.send(IRCMessage("AUTHENTICATE", "+")))
        case .scramVerified:
            return abortSASL("unexpected data after the SCRAM exchange", now: now, out: &out)
        }
    }

    /// 904 ERR_SASLFAIL after SCRAM: whether PLAIN is tried instead (once per connection).
    mutating func retryWithPlain(now: Double, out: inout [ChatAction]) -> Bool {
        guard connection?.login != nil, exchangeMechanism == "SCRAM-SHA-256", connection?.scramRefused == false,
              !config.password.isEmpty else { return false }
        if case .scramVerified? = saslExchange { return false }
        connection?.scramRefused = true
        let offered = (offeredCaps["sasl"] ?? "").split(separator: ",").map { $0.uppercased() }
        guard offered.contains("PLAIN") else { return false }
        // PLAIN shows the password to the wire: only inside TLS or on this machine (a 904
        // can be a typo, or anyone in the path wanting the password in clear).
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(endpoint.host.lowercased())
        guard endpoint.useTLS || loopback else { return false }
        startSASL(now: now, out: &out)
        return true
    }

    /// Gives up the exchange with `AUTHENTICATE *` (the server answers 906).
    mutating func abortSASL(_ why: String, now: Double, out: inout [ChatAction]) {
        info("Login aborted: \(why).", kind: .error, now: now)
        connection?.scramRefused = true
        connection?.login = .aborted
        out.append(.send(IRCMessage("AUTHENTICATE", "*")))
        if keysOnly { needPassword("Password needed: the saved login keys cannot be used (\(why)).", now: now, out: &out) }
    }

    /// Sends `bytes` base64-encoded in 400-byte chunks (`+` after a full last chunk).
    func sendSASL(_ bytes: [UInt8], out: inout [ChatAction]) {
        let encoded = ScramBase64.encode(bytes)
        var rest = Substring(encoded)
        while rest.utf8.count >= 400 {
            out.append(.send(IRCMessage("AUTHENTICATE", String(rest.prefix(400)))))
            rest = rest.dropFirst(400)
        }
        out.append(.send(IRCMessage("AUTHENTICATE", rest.isEmpty ? "+" : String(rest))))
    }
}
