import TerminalHarness
import Testing

/// IRCv3 cap-notify (ircv3.net/specs/extensions/cap-notify). This server's offering does
/// not change while it runs (no reload), so it never has a CAP NEW or CAP DEL to send; what
/// a client can check is the negotiation of the capability itself.
@Suite struct IRCv3_CapNotify {
    static func list(_ c: LineClient) throws -> Set<Substring> {
        c.send("CAP LIST")
        return Set(try c.read(until: { $0.command == "CAP" && $0.param(1) == "LIST" }).last!.trailing.split(separator: " "))
    }

    static func req(_ c: LineClient, _ caps: String) throws -> Message {
        c.send("CAP REQ :\(caps)")
        return try c.read(until: { $0.command == "CAP" && ["ACK", "NAK"].contains($0.param(1)) }).last!
    }

    /// "The cap-notify capability MUST be implicitly enabled if the client requests CAP LS with
    /// a version of 302 or newer" ("servers MAY list the cap-notify capability in CAP LS and
    /// CAP LIST responses": this one lists it), and "client MAY request the capability with
    /// CAP REQ, and capable servers MUST accept and CAP ACK the request without side effects".
    @Test func implicitWith302AndAcknowledgedWithoutSideEffects() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        c.send("CAP LS 302")
        let ls = try c.read(until: { $0.command == "CAP" && $0.param(1) == "LS" && $0.params.count == 3 })
        #expect(ls.last!.trailing.split(separator: " ").contains("cap-notify"))
        #expect(try Self.list(c) == ["cap-notify"])
        let ack = try Self.req(c, "cap-notify")
        #expect(ack.param(1) == "ACK" && ack.trailing == "cap-notify", "\(ack)")
        #expect(try Self.list(c) == ["cap-notify"], "no side effects")
        try c.exchange("NICK modern", "USER m 0 * :Modern")
        c.send("CAP END")
        #expect(try c.read(until: { $0.command == "001" || $0.command == "ERROR" }).last?.command == "001")
    }

    /// "Clients that do not support CAP LS version 302 MAY request the cap-notify capability
    /// explicitly. Such clients MAY disable the capability at any time."
    @Test func explicitForOlderClientsAndDisableable() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        c.send("CAP LS")
        let ls = try c.read(until: { $0.command == "CAP" && $0.param(1) == "LS" })
        #expect(ls.last!.trailing.split(separator: " ").contains("cap-notify"), "\(ls)")
        #expect(!ls.last!.trailing.contains("="), "no values before 302: \(ls)")
        #expect(try Self.list(c).isEmpty, "not implicit without 302")
        #expect(try Self.req(c, "cap-notify").param(1) == "ACK")
        #expect(try Self.list(c) == ["cap-notify"])
        #expect(try Self.req(c, "-cap-notify").param(1) == "ACK")
        #expect(try Self.list(c).isEmpty)
    }
}
