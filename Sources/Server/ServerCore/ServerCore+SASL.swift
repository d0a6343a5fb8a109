import IRCProtocol
import SCRAM

/// SASL (IRCv3 SASL 3.2): AUTHENTICATE with the PLAIN and SCRAM-SHA-256 mechanisms.
///
/// Messages travel base64-encoded in chunks of 400 bytes (a chunk of exactly 400 means more
/// follows; `+` is an empty message). The core parses and checks the messages and keeps the
/// exchange's state; every step that needs a secret or cryptography runs in storage, off the
/// event loop: the scrypt check for PLAIN, and for SCRAM the salt lookup (which also makes the
/// server nonce from the CSPRNG) and the proof check against StoredKey. So the core holds no
/// key and links no crypto library.
extension ServerCore {
    /// The longest SASL payload accepted (base64 characters, all chunks together).
    static let maxSASLPayload = 1600
    /// The longest AUTHENTICATE chunk (IRCv3 SASL 3.2).
    static let saslChunk = 400

    /// AUTHENTICATE <mechanism> | AUTHENTICATE <base64 chunk> | AUTHENTICATE + | AUTHENTICATE *
    func handleAuthenticate(_ client: Client, _ message: IRCMessage) {
        let parameter = message.parameters[0]
        guard features.accounts else {
            reply(client, .errSASLFail, "SASL authentication failed")
            return
        }
        if client.account != nil && client.sasl == nil {
            reply(client, .errSASLAlready, "You have already authenticated using SASL")
            return
        }
        guard var state = client.sasl else {
            if parameter == "*" {
                reply(client, .errSASLAborted, "SASL authentication aborted")
            } else if let mechanism = SASLState.Mechanism(rawValue: parameter.uppercased()) {
                client.sasl = SASLState(mechanism: mechanism)
                send(IRCMessage(source: nil, command: "AUTHENTICATE", parameters: ["+"]), to: client)
            } else {
                reply(client, .rplSASLMechs, SASLState.Mechanism.advertised, "are available SASL mechanisms")
                reply(client, .errSASLFail, "SASL authentication failed")
            }
            return
        }
        if state.verifying { return }
        if parameter == "*" {
            client.sasl = nil
            reply(client, .errSASLAborted, "SASL authentication aborted")
            return
        }
        if state.discarding {
            // The rest of a refused (too long) response: full chunks are dropped quietly, a
            // shorter one ends it; a mechanism name starts a new exchange.
            if let mechanism = SASLState.Mechanism(rawValue: parameter.uppercased()) {
                client.sasl = SASLState(mechanism: mechanism)
                send(IRCMessage(source: nil, command: "AUTHENTICATE", parameters: ["+"]), to: client)
            } else if parameter.utf8.count < Self.saslChunk {
                client.sasl = nil
            }
            return
        }
        if parameter.utf8.count > Self.saslChunk || state.buffer.utf8.count + parameter.utf8.count > Self.maxSASLPayload {
            // A response that goes on (full chunks) is dropped to its end without more replies.
            client.sasl = parameter.utf8.count >= Self.saslChunk ? SASLState(mechanism: state.mechanism, discarding: true) : nil
            reply(client, .errSASLTooLong, "SASL message too long")
            return
        }
        if parameter != "+" { state.buffer += parameter }
        if parameter.utf8.count == Self.saslChunk {
            client.sasl = state
            return
        }
        let payload = state.buffer
        state.buffer = ""
        switch state.mechanism {
        case .plain: authenticatePlain(client, payload, state)
        case .scramSHA256: continueScram(client, payload, state)
        }
    }

    /// PLAIN: `authzid NUL authcid NUL password` (RFC 4616: authcid and password non-empty,
    /// no NUL inside); the password is checked in storage.
    private func authenticatePlain(_ client: Client, _ payload: String, _ state: SASLState) {
        guard let (authzid, authcid, password) = Self.decodePlain(payload),
              authzid.isEmpty || fold(authzid) == fold(authcid), !authcid.isEmpty, !password.isEmpty else {
            saslFailed(client)
            return
        }
        var state = state
        state.verifying = true
        client.sasl = state
        submit(.login(account: fold(authcid), password: password), .login(client.linkID))
    }

    /// SCRAM-SHA-256 (RFC 5802, RFC 7677): client-first, client-final, then the empty
    /// message that acknowledges the server's signature.
    private func continueScram(_ client: Client, _ payload: String, _ state: SASLState) {
        var state = state
        guard let bytes = payload.isEmpty ? [] : ScramBase64.decode(payload),
              let text = String(validating: bytes, as: UTF8.self) else {
            saslFailed(client)
            return
        }
        do throws(ScramError) {
            switch state.scram {
            case nil:
                let first = try ClientFirstMessage(parsing: text)
                if let authzid = first.authzid, fold(authzid) != fold(first.username) { throw .authzidNotAllowed }
                state.scram = .challenging(first)
                state.verifying = true
                client.sasl = state
                submit(.scramChallenge(account: fold(first.username)), .scramChallenge(client.linkID))
            case .challenging, .verifying:
                saslFailed(client)
            case .challenged(let first, let server):
                let final = try ClientFinalMessage(parsing: text)
                let authMessage = try final.authMessage(clientFirst: first, serverFirst: server)
                state.scram = .verifying
                state.verifying = true
                client.sasl = state
                submit(.scramVerify(account: fold(first.username), authMessage: authMessage, proof: final.proof),
                       .scramVerify(client.linkID))
            case .verified(let account):
                // The client's empty answer to the server signature ends the exchange.
                guard bytes.isEmpty else { throw .malformed }
                finishLogin(client, .loggedIn(account: account), registering: nil)
            }
        } catch {
            saslFailed(client, error == .channelBindingNotSupported ? "SASL authentication failed: channel binding is not supported" : nil)
        }
    }

    /// Storage's salt and iterations for the account (made-up ones for an unknown name):
    /// sends server-first.
    func scramChallenged(_ client: Client, _ answer: StorageAnswer?) {
        guard var state = client.sasl, case .challenging(let first)? = state.scram,
              case .scramChallenge(let salt, let iterations, let serverNonce)? = answer else {
            saslFailed(client)
            return
        }
        let server = ServerFirstMessage(nonce: first.nonce + serverNonce, salt: salt, iterations: iterations)
        state.scram = .challenged(first, server)
        state.verifying = false
        client.sasl = state
        sendSASL(client, server.text)
    }

    /// Storage's verdict on the proof: sends server-final, or fails like a wrong password.
    func scramVerified(_ client: Client, _ answer: StorageAnswer?) {
        guard var state = client.sasl, case .verifying? = state.scram,
              case .scramVerified(let account, let signature)? = answer else {
            saslFailed(client)
            return
        }
        state.scram = .verified(account: account)
        state.verifying = false
        client.sasl = state
        sendSASL(client, ServerFinalMessage.verifier(signature).text)
    }

    /// Ends the exchange with 904; the connection stays.
    func saslFailed(_ client: Client, _ text: String? = nil) {
        client.sasl = nil
        reply(client, .errSASLFail, text ?? "SASL authentication failed")
    }

    /// Sends `text` base64-encoded in 400-byte AUTHENTICATE chunks, with `+` after a full last
    /// chunk (or alone for an empty message).
    func sendSASL(_ client: Client, _ text: String) {
        let encoded = Array(ScramBase64.encode(Array(text.utf8)).utf8)
        var start = 0
        while start < encoded.count {
            let end = min(start + Self.saslChunk, encoded.count)
            send(IRCMessage(source: nil, command: "AUTHENTICATE", parameters: [String(decoding: encoded[start..<end], as: UTF8.self)]),
                 to: client)
            start = end
        }
        if encoded.count % Self.saslChunk == 0 {
            send(IRCMessage(source: nil, command: "AUTHENTICATE", parameters: ["+"]), to: client)
        }
    }

    /// `authzid NUL authcid NUL password` from base64, or `nil` if malformed.
    static func decodePlain(_ text: String) -> (String, String, String)? {
        guard let bytes = Base64Decoding.decode(text) else { return nil }
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        func utf8(_ s: ArraySlice<UInt8>) -> String? { String(validating: s, as: UTF8.self) }
        guard let a = utf8(parts[0]), let b = utf8(parts[1]), let c = utf8(parts[2]) else { return nil }
        return (a, b, c)
    }
}

/// An AUTHENTICATE exchange in progress.
struct SASLState {
    /// The mechanisms offered.
    enum Mechanism: String {
        case plain = "PLAIN"
        case scramSHA256 = "SCRAM-SHA-256"

        /// The list for `sasl=` in CAP LS 302 and for RPL_SASLMECHS.
        static let advertised = "PLAIN,SCRAM-SHA-256"
    }

    /// Where a SCRAM exchange stands.
    enum ScramStep {
        /// client-first received; storage is looking up the salt.
        case challenging(ClientFirstMessage)
        /// server-first sent; waiting for client-final.
        case challenged(ClientFirstMessage, ServerFirstMessage)
        /// client-final received; storage is checking the proof.
        case verifying
        /// server-final sent; waiting for the client's empty message.
        case verified(account: String)
    }

    let mechanism: Mechanism

    init(mechanism: Mechanism, discarding: Bool = false) {
        self.mechanism = mechanism
        self.discarding = discarding
    }
    /// Base64 received so far.
    var buffer = ""
    /// Storage is working on this exchange; further input is ignored.
    var verifying = false
    /// The response was refused as too long (905); the rest of it is being dropped.
    var discarding = false
    /// SCRAM's progress (`nil` before client-first).
    var scram: ScramStep?
}

/// Lenient base64 decoding (padding optional), for SASL PLAIN as clients have always sent it.
enum Base64Decoding {
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var acc: UInt32 = 0, bits = 0
        for c in text.utf8 {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "/"): v = 63
            case UInt8(ascii: "="): continue
            default: return nil
            }
            acc = acc << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        return out
    }
}
