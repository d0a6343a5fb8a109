import IRCProtocol
@testable import ServerCore
import Testing

/// Cluster mode on the pure core (issue 14): events in, the outbox read back. The database
/// side — the atomic claim, NOTIFY, liveness — is checked with real nodes in ClusterTests.
@Suite struct ClusterCoreTests {
    /// One core as node `n1`, with the storage answers given by the test.
    final class Node {
        var config = ServerConfig()
        let core: ServerCore
        var time = ServerInstant(milliseconds: 1_800_000_000_000)
        var nextID: UInt64 = 1

        init() {
            config.node = "n1"
            core = ServerCore(config: config, now: time)
        }

        func connect() -> ClientID {
            defer { nextID += 1 }
            let id = ClientID(nextID)
            core.clientConnected(id, ip: "127.0.0.1", now: time)
            return id
        }

        func send(_ id: ClientID, _ lines: String...) {
            for line in lines { core.receive(id, line: Array(line.utf8), now: time) }
        }

        /// Answers every nick claim in the outbox with `granted`; returns the claims.
        @discardableResult
        func answerClaims(_ granted: Bool) -> [StorageRequest] {
            let tickets = core.outbox.requests.filter { if case .claimNick = $0.request { true } else { false } }
            core.outbox.requests.removeAll()
            for ticket in tickets { core.storageCompleted(ticket.id, .claimed(granted), now: time) }
            return tickets.map(\.request)
        }

        /// The messages delivered to `id` since the last call, and the events published (the
        /// outbox is emptied: what others got is gone).
        func take(_ id: ClientID) -> (messages: [IRCMessage], events: [ClusterEvent]) {
            let (messages, events) = takeAll([id])
            return (messages[0], events)
        }

        /// The messages delivered to each of `ids`, and the events published.
        func takeAll(_ ids: [ClientID]) -> ([[IRCMessage]], [ClusterEvent]) {
            var out: [[IRCMessage]] = ids.map { _ in [] }
            for delivery in core.outbox.deliveries {
                guard let slot = ids.firstIndex(of: delivery.client) else { continue }
                let text = String(decoding: core.outbox.payloads[delivery.payload], as: UTF8.self)
                for line in text.split(separator: "\r\n") {
                    if let m = try? IRCMessage(parsing: Array(line.utf8), limits: .unlimited) { out[slot].append(m) }
                }
            }
            let events = core.outbox.cluster
            core.outbox.removeAll()
            return (out, events)
        }

        func receive(_ text: String) {
            guard let event = ClusterEvent(decoding: text) else { return }
            core.clusterReceived(event, now: time)
        }
    }

    /// A nick is the network's only once the database granted it: no 001 before the claim is
    /// answered, 433 when another node holds it, and the node tells the others about its new
    /// user (USER event) only after the grant.
    @Test func registrationWaitsForTheNetworksNickClaim() {
        let node = Node()
        let ann = node.connect()
        node.send(ann, "NICK ann", "USER a 0 * :Ann")
        #expect(!node.take(ann).messages.contains { $0.command == "001" })
        // (take() emptied the outbox's requests too: ask again with a second client.)
        let bob = node.connect()
        node.send(bob, "NICK bob", "USER b 0 * :Bob")
        let claims = node.answerClaims(false)
        #expect(claims == [.claimNick(folded: "bob", nick: "bob", node: "n1", releasing: nil)])
        let refused = node.take(bob)
        #expect(refused.messages.map(\.command) == ["433"] && refused.events.isEmpty)

        let cy = node.connect()
        node.send(cy, "NICK cy", "USER c 0 * :Cy")
        node.answerClaims(true)
        let welcomed = node.take(cy)
        #expect(welcomed.messages.first?.command == "001")
        #expect(welcomed.events.map(\.encoded) == [":n1 USER cy c 127.0.0.1 * Cy"])
    }

    /// Another node's users live in this core: they JOIN in front of our members, show in
    /// NAMES, and go with a QUIT "node lost" when their node is given up.
    @Test func remoteUsersJoinAreNamedAndQuitWhenTheirNodeIsLost() {
        let node = Node()
        let ann = node.connect()
        node.send(ann, "NICK ann", "USER a 0 * :Ann")
        node.answerClaims(true)
        node.send(ann, "JOIN #c")
        #expect(node.take(ann).events.map(\.encoded).last == ":n1 JOIN ann #c @")

        node.receive(":n2 USER zed z 10.0.0.2 * :Zed")
        node.receive(":n2 JOIN zed #c =")
        let joined = node.take(ann).messages
        #expect(joined.map(\.command) == ["JOIN"] && joined.first?.source?.name == "zed")
        node.send(ann, "NAMES #c")
        let names = node.take(ann).messages.first { $0.command == "353" }?.parameters.last
        #expect(names.map { Set($0.split(separator: " ")) } == ["@ann", "zed"])

        // LUSERS: "RPL_LOCALUSERS (265) … the number of clients currently and the maximum
        // number of clients that have been connected directly to this server"; 266 the network's.
        node.send(ann, "LUSERS")
        let lusers = node.take(ann).messages
        #expect(lusers.first { $0.command == "265" }?.parameters[1] == "1")
        #expect(lusers.first { $0.command == "266" }?.parameters[1] == "2")
        #expect(lusers.first { $0.command == "251" }?.parameters.last?.hasSuffix("on 2 servers") == true)
        node.receive(":n2 MSG :@time=2027-01-01T00:00:00.000Z;msgid=n2.x-1 :zed!z@10.0.0.2 PRIVMSG #c :hi")
        let said = node.take(ann).messages
        #expect(said.map(\.command) == ["PRIVMSG"] && said.first?.parameters == ["#c", "hi"])

        node.receive(":n3 LOST n2")
        let quit = node.take(ann).messages
        #expect(quit.map(\.command) == ["QUIT"] && quit.first?.parameters == ["node lost"])
        node.send(ann, "NAMES #c")
        #expect(node.take(ann).messages.first { $0.command == "353" }?.parameters.last == "@ann")
    }

    /// Issue 14: "every node relays it to its own local members in the channel's order". With
    /// members on other nodes, our own members get our users' messages back from the cluster,
    /// so they see them interleaved with other nodes' messages in commit order, as everyone
    /// else does; the sender's echo is the commit and comes at once.
    @Test func ourMembersSeeTheChannelInCommitOrder() {
        let node = Node()
        let ann = node.connect(), bob = node.connect()
        node.send(ann, "CAP REQ :echo-message", "NICK ann", "USER a 0 * :Ann", "CAP END")
        node.send(bob, "NICK bob", "USER b 0 * :Bob")
        node.answerClaims(true)
        node.send(ann, "JOIN #c")
        node.send(bob, "JOIN #c")
        node.receive(":n2 USER zed z 10.0.0.2 * :Zed")
        node.receive(":n2 JOIN zed #c =")
        _ = node.take(ann)
        _ = node.take(bob)

        node.send(ann, "PRIVMSG #c :one")
        let (sent, published) = node.takeAll([ann, bob])
        #expect(sent[0].map(\.command) == ["PRIVMSG"], "the sender's echo")
        #expect(sent[1].isEmpty, "bob waits for the commit order")
        #expect(published.count == 1)
        // Another node's message committed first, then ours comes back.
        node.receive(":n2 MSG :@msgid=n2.a :zed!z@10.0.0.2 PRIVMSG #c :two")
        node.core.clusterReceived(published[0], now: node.time)
        let (got, _) = node.takeAll([ann, bob])
        #expect(got[1].map { $0.parameters.last! } == ["two", "one"])
        #expect(got[0].map { $0.parameters.last! } == ["two"], "ann is not told twice")

        // Also where every member is ours: someone elsewhere may have joined a moment ago
        // (found by ClusterTests: a message sent as the reader's JOIN was on its way never
        // reached the reader).
        node.send(ann, "JOIN #here")
        node.send(bob, "JOIN #here")
        _ = node.take(bob)
        node.send(ann, "PRIVMSG #here :round trip")
        let (here, events) = node.takeAll([bob])
        #expect(here[0].isEmpty && events.count == 1)
        node.receive(":n2 USER yan y 10.0.0.3 * :Yan")
        node.receive(":n2 JOIN yan #here =")
        _ = node.take(bob)
        node.core.clusterReceived(events[0], now: node.time)
        #expect(node.take(bob).messages.map { $0.parameters.last! } == ["round trip"])
    }

    /// The database gives a nick to one of ours while this node still shows the user of
    /// another node who held it (its QUIT is still on the way): ours takes it, and the QUIT,
    /// when it comes, removes the right user.
    @Test func aNickFreedElsewhereIsOursBeforeItsQuitArrives() {
        let node = Node()
        let ann = node.connect()
        node.send(ann, "NICK ann", "USER a 0 * :Ann")
        node.answerClaims(true)
        node.send(ann, "JOIN #c")
        _ = node.take(ann)
        // ann asks for zed; before the answer, events committed earlier arrive: zed of n2
        // (who has already let the nick go, or the database would not give it to ann).
        node.send(ann, "NICK zed")
        let pending = node.core.outbox.requests
        node.core.outbox.requests.removeAll()
        node.receive(":n2 USER zed z 10.0.0.2 * :Zed")
        node.receive(":n2 JOIN zed #c =")
        _ = node.take(ann)
        node.core.outbox.requests = pending
        node.answerClaims(true)
        let (renamed, events) = node.takeAll([ann])
        #expect(renamed[0].first?.command == "NICK" && renamed[0].first?.parameters == ["zed"], "\(renamed)")
        #expect(events.map(\.encoded) == [":n1 NICK ann zed"])
        node.receive(":n2 QUIT zed :Quit: bye")
        let quit = node.take(ann).messages
        #expect(quit.map(\.command) == ["QUIT"] && quit.first?.source?.user == "z", "\(quit)")
        node.send(ann, "WHOIS zed")
        #expect(node.take(ann).messages.first { $0.command == "311" }?.parameters[2] == "a")
        node.send(ann, "NAMES #c")
        #expect(node.take(ann).messages.first { $0.command == "353" }?.parameters.last == "@zed")
    }

    /// Hostile or stale events change nothing: unreadable text, a user of another node
    /// speaking for someone else's user, events for users nobody introduced, our own echoes.
    @Test func eventsThatDoNotFitAreIgnored() {
        let node = Node()
        let ann = node.connect()
        node.send(ann, "NICK ann", "USER a 0 * :Ann")
        node.answerClaims(true)
        node.send(ann, "JOIN #c")
        _ = node.take(ann)
        for text in ["", "garbage", ":n2 USER only-two args", ":n2 FROB x", ":n2 JOIN ghost #c =",
                     ":n2 MSG :not an irc line at all\u{0}", ":n2 MSG ::ann!a@127.0.0.1 PRIVMSG #c :spoofed",
                     ":n1 USER echo e h * :Echo", ":n2 QUIT ann :spoof", ":n2 NICK ann mallory", ":n2 PART ann #c"] {
            node.receive(text)
        }
        #expect(node.take(ann).messages.isEmpty)
        node.send(ann, "NAMES #c")
        #expect(node.take(ann).messages.first { $0.command == "353" }?.parameters.last == "@ann")
        // A nick held by our registered user is never taken over by another node's USER.
        node.receive(":n2 USER ann x h * :Impostor")
        node.send(ann, "WHOIS ann")
        #expect(node.take(ann).messages.first { $0.command == "311" }?.parameters[2] == "a")
    }

    /// Every kind reads back as written; names with spaces or colons survive as the last
    /// parameter.
    @Test func everyEventKindRoundTrips() {
        let kinds: [ClusterEvent.Kind] = [
            .hello, .user(nick: "a", user: "u", host: "0::1", account: nil, realname: ": spaced :name"),
            .user(nick: "b", user: "u", host: "h", account: "Acct", realname: ""), .nick(from: "a", to: "b"),
            .quit(nick: "a", reason: ""), .quit(nick: "a", reason: "Quit: bye now"), .join(nick: "a", channel: "#c", status: "@+"),
            .join(nick: "a", channel: "#c", status: ""), .part(nick: "a", channel: "#c", reason: nil),
            .part(nick: "a", channel: "#c", reason: "a reason"), .message(line: "@msgid=1 :a!u@h PRIVMSG #c :hi there"),
            .lost(node: "n-2"),
            .channel(name: "#c", topic: "a topic: with colons", topicSetBy: "a!u@h", topicSetAt: 1_800_000_000, modes: ["+ntkl", "key", "10"]),
            .channel(name: "#d", topic: nil, topicSetBy: "", topicSetAt: 0, modes: ["+"]),
            .metadata(nick: "a", key: "avatar", value: "a value: spaced"), .metadata(nick: "a", key: "avatar", value: ""),
            .metadata(nick: "a", key: "avatar", value: nil), .ban(channel: "#c", mask: "*!*@10.0.0.*", setBy: "a!u@h", setAt: 1_800_000_000),
        ]
        for kind in kinds {
            let event = ClusterEvent(origin: "n_1", kind: kind)
            #expect(ClusterEvent(decoding: event.encoded) == event, "\(event.encoded)")
            #expect(event.fitsNotify)
        }
    }
}
