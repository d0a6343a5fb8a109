import ChatCore
import Testing

/// Clients move (issue 14, item 4): a session given several addresses of one network connects
/// to the next when its node drops or cannot be reached, in turn, and stays on the one that works.
@Suite struct EndpointRotationTests {
    static func config() -> ChatConfig {
        var config = ChatConfig(host: "a.example", port: 6667, nick: "motoko")
        config.alternates = [ChatEndpoint(host: "b.example", port: 6668), ChatEndpoint(host: "c.example", port: 6697, useTLS: true)]
        return config
    }

    @Test func aDroppedOrRefusedConnectionMovesToTheNextNodeInTurn() {
        var d = SessionDriver(Self.config())
        d.register(caps: "batch")
        #expect(d.session.endpoint == ChatEndpoint(host: "a.example", port: 6667))
        d.handle(.disconnected(reason: "node lost"))
        #expect(d.session.endpoint == ChatEndpoint(host: "b.example", port: 6668))
        #expect(d.session.buffers[0].lines.last?.text.contains("b.example:6668") == true, "the user is told where it goes")
        d.handle(.reconnectDue)
        d.handle(.disconnected(reason: "connection refused"))
        #expect(d.session.endpoint == ChatEndpoint(host: "c.example", port: 6697, useTLS: true))
        d.handle(.reconnectDue)
        d.handle(.disconnected(reason: "connection refused"))
        #expect(d.session.endpoint.host == "a.example", "round again")
    }

    @Test func aWorkingNodeIsKeptAndOneAddressNeverMoves() {
        var d = SessionDriver(Self.config())
        d.register(caps: "batch")
        d.handle(.tick)
        d.server("PING :x")
        #expect(d.session.endpoint.host == "a.example")

        var single = SessionDriver(ChatConfig(host: "only.example", port: 6667, nick: "batou"))
        single.register(caps: "batch")
        single.handle(.disconnected(reason: "reset"))
        #expect(single.session.endpoint == ChatEndpoint(host: "only.example", port: 6667))
    }

    @Test func newCredentialsStartFromTheFirstAddress() {
        var d = SessionDriver(Self.config())
        d.register(caps: "batch")
        d.handle(.disconnected(reason: "node lost"))
        #expect(d.session.endpoint.host == "b.example")
        d.handle(.intent(.reconfigure(ChatConfig(host: "z.example", port: 7000, nick: "togusa"))))
        #expect(d.session.endpoint == ChatEndpoint(host: "z.example", port: 7000))
    }
}
