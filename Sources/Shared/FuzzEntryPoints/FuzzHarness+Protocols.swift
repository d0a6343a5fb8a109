import Foundation
import IRCProtocol
import MDNS
import SCRAM
import ServerStatus
import Translator

extension FuzzHarness {
    /// IRC: the line framer over the bytes, then the parser on every line with the server's
    /// client limits; a parsed line must serialize and parse back to the same message.
    public static let irc = FuzzHarness(name: "irc") { bytes in
        var framer = IRCLineFramer()
        // Two appends split at a point the input chooses, so the framer's resumption is fuzzed.
        let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
        framer.append(bytes[..<cut])
        var lines: [IRCLineFramer.Event] = []
        while let event = framer.next() { lines.append(event) }
        framer.append(bytes[cut...])
        while let event = framer.next() { lines.append(event) }
        precondition(framer.bufferedByteCount <= framer.maxLineBytes, "framer kept more than one line's bound")
        var firstError: String?
        for event in lines {
            guard case .line(let line) = event else {
                firstError = firstError ?? "line too long"
                continue
            }
            do throws(IRCParseError) {
                let message = try IRCMessage(parsing: line, limits: .fromClient)
                let again = try? IRCMessage(parsing: message.serialized())
                precondition(again == message, "serialize → parse changed the message")
            } catch {
                firstError = firstError ?? "\(error)"
            }
        }
        if lines.isEmpty { return .rejected("no complete line") }
        return firstError.map { .rejected($0) } ?? .accepted
    }

    /// SCRAM-SHA-256 messages of both sides: the server parses client-first and client-final,
    /// the client parses server-first and server-final. The input is up to three lines
    /// (client-first, server-first, client-final), each also given to every parser.
    public static let scram = FuzzHarness(name: "scram") { bytes in
        guard let text = String(fuzzBytes: bytes) else { return .rejected("not UTF-8") }
        let parts = text.split(separator: "\n", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        var accepted = false
        for part in parts {
            if (try? ClientFirstMessage(parsing: part)) != nil { accepted = true }
            if (try? ServerFirstMessage(parsing: part)) != nil { accepted = true }
            if (try? ClientFinalMessage(parsing: part)) != nil { accepted = true }
            if (try? ServerFinalMessage(parsing: part)) != nil { accepted = true }
        }
        guard parts.count >= 3 else { return accepted ? .accepted : .rejected("no SCRAM message") }
        do throws(ScramError) {
            let first = try ClientFirstMessage(parsing: parts[0])
            let serverFirst = try ServerFirstMessage(parsing: parts[1])
            let final = try ClientFinalMessage(parsing: parts[2])
            _ = try final.authMessage(clientFirst: first, serverFirst: serverFirst)
            return .accepted
        } catch {
            return accepted ? .accepted : .rejected("\(error)")
        }
    }

    /// mDNS packets: the decoder, then the responder and the browser on what it decoded; a
    /// decoded packet that encodes must decode back to the same message.
    public static let mdns = FuzzHarness(name: "mdns") { bytes in
        let message: DNSMessage
        do throws(DNSDecodeError) {
            message = try DNSMessage(decoding: bytes)
        } catch {
            return .rejected(error.description)
        }
        if let encoded = try? message.encoded() {
            precondition((try? DNSMessage(decoding: encoded)) == message, "encode → decode changed the message")
        }
        _ = responder.replies(to: message, sourcePort: 5353)
        _ = responder.replies(to: message, sourcePort: 40000)
        var browser = ServiceBrowser(serviceTypes: [DNSName("_irc._tcp.local"), DNSName("_ircs-u._tcp.local")])
        browser.receive(message)
        _ = browser.resolved
        _ = browser.query()
        return .accepted
    }

    /// A responder with one service, as `tachikoma-server --announce` runs it.
    private static let responder = MDNSResponder(services: [
        ServiceInstance(
            instanceName: "Tachikoma on desk", serviceType: DNSName("_irc._tcp.local"),
            hostName: DNSName("tachikoma-desk.local"), port: 6667,
            attributes: [(key: "txtvers", value: "1"), (key: "network", value: "home")],
            addresses: [IPv4Address(bytes: [192, 168, 1, 20])].compactMap { $0 }
        ),
    ])

    /// The Prometheus text parser and the snapshot `tachikoma-server status` builds from it.
    public static let prometheus = FuzzHarness(name: "prometheus") { bytes in
        guard let text = String(fuzzBytes: bytes) else { return .rejected("not UTF-8") }
        switch MetricsSnapshot.parse(text, from: .standard) {
        case .success: return .accepted
        case .failure(let problem): return .rejected(problem.description)
        }
    }

    /// An online translation service's answer, as `OnlineBackend.translation(status:body:)`
    /// reads it. The input is a status line (`200 libretranslate`, `503 openai`) and the
    /// response body after it. A translation must come back non-empty and trimmed; a refusal
    /// must name the right kind of failure for its status and stay one short line.
    public static let translatorResponse = FuzzHarness(name: "translator-response") { bytes in
        guard let newline = bytes.firstIndex(of: 0x0A),
              let head = String(fuzzBytes: Array(bytes[..<newline])) else { return .rejected("no status line") }
        let words = head.split(separator: " ")
        guard words.count == 2, let status = Int(words[0]), (100...599).contains(status),
              let kind = OnlineBackend.Kind(rawValue: String(words[1])) else { return .rejected("bad status line: \(head)") }
        let backend = OnlineBackend(kind: kind, url: URL(fileURLWithPath: "/"), model: "m")
        do throws(OnlineError) {
            let text = try backend.translation(status: status, body: Data(bytes[(newline + 1)...]))
            precondition((200..<300).contains(status), "a translation from an HTTP \(status) answer")
            precondition(!text.isEmpty && text == text.trimmingCharacters(in: .whitespacesAndNewlines), "an empty or untrimmed translation")
            return .accepted
        } catch {
            switch error {
            case .httpStatus(_, let s, let message):
                precondition(s == status && !(200..<300).contains(status), "HTTP \(status) reported as HTTP \(s)")
                precondition(message.count <= OnlineBackend.maxMessageLength && !message.contains(where: \.isNewline),
                             "the service's message is not one short line")
            case .badResponse:
                precondition((200..<300).contains(status), "a bad response from an HTTP \(status) answer")
            default:
                preconditionFailure("\(error) from a response")
            }
            return .rejected(error.description)
        }
    }
}
