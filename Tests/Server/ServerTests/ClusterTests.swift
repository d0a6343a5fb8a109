#if canImport(Glibc)
import Glibc
#endif
import Foundation
import IRCProtocol
import TerminalHarness
import Testing

/// Several real `tachikoma-server` processes started with one PostgreSQL database and
/// `--node NAME` (issue 14): clients on different nodes see one server — one nick space,
/// channels, private messages, NAMES/WHOIS/MONITOR, history — and a node killed with -9 is a
/// QUIT ("node lost") for its users within 10 seconds, not a netsplit.
@Suite(.serialized) struct ClusterTests {
    /// A few nodes on one fresh database, each on its own loopback port; killed at the end.
    final class Network {
        let cluster: PostgresCluster
        let database: String
        let url: String
        let folder: String
        var nodes: [String: (pid: pid_t, port: Int)] = [:]

        init() throws {
            cluster = try PostgresCluster.running()
            (database, url) = try cluster.makeDatabase()
            folder = NSTemporaryDirectory() + "tk-cluster-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }

        /// Starts node `name` (again, on its old port when it ran before).
        @discardableResult
        func start(_ name: String) throws -> Int {
            let port = try nodes[name]?.port ?? freePort()
            let log = folder + "/\(name).log"
            // A load test's sender must not be cut for flooding.
            let config = folder + "/limits.toml"
            try "[limits]\nflood_burst = 1000.0\nflood_rate = 1000.0\nflood_queue = 1000\n"
                .write(toFile: config, atomically: true, encoding: .utf8)
            let pid = try Spawn.background([serverBinary().path, "--config", config, "--listen", "127.0.0.1:\(port)", "--db", url,
                                            "--node", name, "--name", "\(name).tachikoma.test"], stderrPath: log)
            nodes[name] = (pid, port)
            try Loopback.eventually("node \(name) on \(port)", timeout: 30) { Loopback.answers(port) }
            return port
        }

        func kill(_ name: String) {
            if let pid = nodes[name]?.pid { Spawn.killAndReap(pid) }
            nodes[name]?.pid = 0
        }

        func port(_ name: String) -> Int { nodes[name]!.port }

        func log(_ name: String) -> String { (try? String(contentsOfFile: folder + "/\(name).log", encoding: .utf8)) ?? "" }

        /// A client registered as `nick` on node `name`.
        func client(_ nick: String, on name: String, caps: [String] = []) throws -> TestClient {
            let c = try TestClient(port: port(name))
            let welcome = try c.register(nick, caps: caps)
            guard welcome.contains(where: { $0.command == "001" }) else {
                throw TestClientError(description: "\(nick) on \(name) not welcomed: \(welcome)")
            }
            return c
        }

        deinit {
            for (_, node) in nodes where node.pid > 0 { Spawn.killAndReap(node.pid) }
            if ProcessInfo.processInfo.environment["TACHIKOMA_KEEP_LOGS"] == nil {
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
    }

    /// Reads until `who` is seen joining `channel` (another node's user arriving).
    func waitForJoin(_ c: TestClient, _ who: String, _ channel: String) throws {
        try c.read(until: { $0.command == "JOIN" && $0.source?.name == who && $0.parameters.first == channel })
    }

    /// NAMES as a set of nicks without prefixes.
    func names(_ c: TestClient, _ channel: String) throws -> Set<String> {
        c.send("NAMES \(channel)")
        let lines = try c.read(until: { $0.command == "366" })
        return Set(lines.filter { $0.command == "353" }.flatMap { $0.parameters.last!.split(separator: " ") }
            .map { String($0.drop(while: { "@+".contains($0) })) })
    }

    @Test func clientsOnThreeNodesChatAsOnOneServer() throws {
        let net = try Network()
        for name in ["n1", "n2", "n3"] { try net.start(name) }
        let alice = try net.client("alice", on: "n1", caps: ["message-tags", "server-time"])
        let bob = try net.client("bob", on: "n2")
        let carol = try net.client("carol", on: "n3")

        // Modern IRC, JOIN: "the user's JOIN message is sent to all users in the channel" —
        // whichever node they are on.
        alice.send("JOIN #net")
        try alice.expect("366")
        bob.send("JOIN #net")
        try bob.expect("366")
        try waitForJoin(alice, "bob", "#net")
        carol.send("JOIN #net")
        try carol.expect("366")
        try waitForJoin(alice, "carol", "#net")
        try waitForJoin(bob, "carol", "#net")
        // "RPL_NAMREPLY … the list of clients that are joined to the channel": all three, on every node.
        #expect(try names(carol, "#net") == ["alice", "bob", "carol"])
        #expect(try names(alice, "#net") == ["alice", "bob", "carol"])

        // A channel message reaches the members on the two other nodes, from its sender.
        bob.send("PRIVMSG #net :hello from n2")
        for c in [alice, carol] {
            let got = try c.read(until: { $0.command == "PRIVMSG" }).last!
            #expect(got.source?.name == "bob" && got.parameters == ["#net", "hello from n2"])
            if c === alice { #expect(got.tag("msgid") != nil && got.tag("time") != nil, "\(got)") }
        }
        // A private message crosses nodes too.
        carol.send("PRIVMSG alice :psst")
        let pm = try alice.read(until: { $0.command == "PRIVMSG" }).last!
        #expect(pm.source?.name == "carol" && pm.parameters == ["alice", "psst"])

        // One nick space: "ERR_NICKNAMEINUSE … when a NICK command … results in an attempt to
        // change to a currently existing nickname" — held on another node.
        let dave = try TestClient(port: net.port("n3"))
        dave.send("NICK alice")
        dave.send("USER d 0 * :Dave")
        let refused = try dave.read(until: { $0.command == "433" || $0.command == "001" })
        #expect(refused.last?.command == "433", "\(refused)")
        bob.send("NICK alice")
        #expect(try bob.read(until: { $0.command == "433" || $0.command == "NICK" }).last?.command == "433")

        // WHOIS answers for a user of another node (311 RPL_WHOISUSER).
        carol.send("WHOIS bob")
        let whois = try carol.read(until: { $0.command == "318" })
        #expect(whois.contains { $0.command == "311" && $0.parameters[1] == "bob" }, "\(whois)")

        // A nick change on one node is seen on the others.
        bob.send("NICK robert")
        let change = try alice.read(until: { $0.command == "NICK" }).last!
        #expect(change.source?.name == "bob" && change.parameters == ["robert"])
        try carol.read(until: { $0.command == "NICK" })
        #expect(try names(carol, "#net") == ["alice", "robert", "carol"])

        // MONITOR: "RPL_MONONLINE … when a monitored target comes online" — on another node.
        carol.send("MONITOR + erin")
        try carol.expect("731")
        let erin = try net.client("erin", on: "n1")
        let online = try carol.read(until: { $0.command == "730" }).last!
        #expect(online.parameters.last?.hasPrefix("erin!") == true, "\(online)")

        // PART and QUIT travel as well.
        carol.send("PART #net :bye")
        let part = try alice.read(until: { $0.command == "PART" }).last!
        #expect(part.source?.name == "carol" && part.parameters == ["#net", "bye"])
        erin.send("QUIT :done")
        #expect(try carol.read(until: { $0.command == "731" }).last?.parameters.last == "erin")
        for c in [alice, bob, carol, dave, erin] { c.close() }
    }

    @Test func twoClientsClaimingOneNickOnTwoNodesAtOnceExactlyOneWins() throws {
        let net = try Network()
        try net.start("n1")
        try net.start("n2")
        for round in 0..<8 {
            let nick = "race\(round)"
            let a = try TestClient(port: net.port("n1"))
            let b = try TestClient(port: net.port("n2"))
            // Both registrations leave before either answer is read.
            for c in [a, b] { c.send("USER r 0 * :Racer") }
            a.send("NICK \(nick)")
            b.send("NICK \(nick)")
            let outcomes = try [a, b].map { c in
                try c.read(until: { $0.command == "001" || $0.command == "433" }).last!.command
            }
            #expect(outcomes.sorted() == ["001", "433"], "round \(round): \(outcomes)")
            a.close()
            b.close()
        }
    }

    @Test func aKilledNodesUsersQuitForTheOthersWithinTenSecondsAndItRejoins() throws {
        let net = try Network()
        try net.start("n1")
        try net.start("n2")
        let alice = try net.client("alice", on: "n1")
        let bob = try net.client("bob", on: "n2")
        alice.send("JOIN #net")
        try alice.expect("366")
        bob.send("JOIN #net")
        try waitForJoin(alice, "bob", "#net")
        _ = try alice.sync()

        net.kill("n2")
        // "node lost", read within the 10 seconds.
        let quit = try alice.read(until: { $0.command == "QUIT" }, timeout: 10).last!
        #expect(quit.source?.name == "bob" && quit.parameters == ["node lost"], "\(quit)")
        #expect(try names(alice, "#net") == ["alice"])
        // The nick is free again, network-wide.
        let bob2 = try net.client("bob", on: "n1")
        bob2.send("JOIN #net")
        try bob2.expect("366")

        // n2 comes back: it learns who is on the network and its users are seen.
        try net.start("n2")
        let carol = try net.client("carol", on: "n2")
        // Eventually (the others answer its HELLO): alice and the new bob, in a few beats.
        try Loopback.eventually("n2 knows #net", timeout: 10) { (try? names(carol, "#net")) == ["alice", "bob"] }
        carol.send("JOIN #net")
        try carol.expect("366")
        try waitForJoin(alice, "carol", "#net")
        carol.send("PRIVMSG #net :back")
        #expect(try alice.read(until: { $0.command == "PRIVMSG" }).last?.parameters == ["#net", "back"])
        for c in [alice, bob, bob2, carol] { c.close() }
    }

    @Test func topicModesKickAndAwayAreTheNetworksNotOneNodes() throws {
        let net = try Network()
        try net.start("n1")
        try net.start("n2")
        let alice = try net.client("alice", on: "n1")
        let bob = try net.client("bob", on: "n2", caps: ["away-notify"])
        alice.send("JOIN #net")
        try alice.expect("366")
        bob.send("JOIN #net")
        try bob.expect("366")
        try waitForJoin(alice, "bob", "#net")

        // TOPIC: "the server will … send the TOPIC message to all members of the channel".
        alice.send("TOPIC #net :one network")
        let topic = try bob.read(until: { $0.command == "TOPIC" }).last!
        #expect(topic.source?.name == "alice" && topic.parameters == ["#net", "one network"])
        // A user joining later on n2 gets RPL_TOPIC from n2's copy of the channel.
        let carol = try net.client("carol", on: "n2")
        carol.send("JOIN #net")
        let joined = try carol.read(until: { $0.command == "366" })
        #expect(joined.contains { $0.command == "332" && $0.parameters.last == "one network" }, "\(joined)")

        // MODE set by the channel operator on n1 holds on n2: +m silences carol there.
        alice.send("MODE #net +mv bob")
        let mode = try bob.read(until: { $0.command == "MODE" }).last!
        #expect(mode.parameters == ["#net", "+mv", "bob"])
        try carol.read(until: { $0.command == "MODE" })
        carol.send("PRIVMSG #net :can I speak?")
        let refused = try carol.read(until: { $0.command == "404" || $0.command == "PONG" })
        #expect(refused.last?.command == "404", "\(refused)")
        bob.send("PRIVMSG #net :voiced")
        #expect(try alice.read(until: { $0.command == "PRIVMSG" }).last?.parameters == ["#net", "voiced"])

        // AWAY with away-notify reaches a channel neighbour on another node; WHOIS shows it.
        alice.send("AWAY :lunch")
        let away = try bob.read(until: { $0.command == "AWAY" }).last!
        #expect(away.source?.name == "alice" && away.parameters == ["lunch"])
        carol.send("WHOIS alice")
        let whois = try carol.read(until: { $0.command == "318" })
        #expect(whois.contains { $0.command == "301" && $0.parameters.last == "lunch" }, "\(whois)")

        // KICK from n1 removes carol everywhere: her own node tells her.
        alice.send("KICK #net carol :out")
        let kick = try carol.read(until: { $0.command == "KICK" }).last!
        #expect(kick.parameters == ["#net", "carol", "out"])
        #expect(try names(bob, "#net") == ["alice", "bob"])
        for c in [alice, bob, carol] { c.close() }
    }

    @Test func everyMessageAcknowledgedBeforeANodeIsKilledIsInTheHistory() throws {
        let net = try Network()
        try net.start("n1")
        try net.start("n2")
        let caps = ["echo-message", "draft/chathistory", "batch", "server-time", "message-tags"]
        let sender = try net.client("sender", on: "n2", caps: caps)
        let reader = try net.client("reader", on: "n1", caps: caps)
        for c in [sender, reader] {
            c.send("JOIN #load")
            try c.expect("366")
        }
        // The sender keeps messages in flight while its node dies under it.
        var acknowledged: [String] = []
        for i in 1...400 { sender.send("PRIVMSG #load :m\(i)") }
        var killed = false
        while let line = try? sender.readLine(timeout: 5), let message = try? IRCMessage(parsing: Array(line.utf8)) {
            if message.command == "PRIVMSG" { acknowledged.append(message.parameters[1]) }
            if acknowledged.count == 100 && !killed {
                net.kill("n2")
                killed = true
            }
        }
        if !killed { net.kill("n2") }
        #expect(acknowledged.count >= 100)
        // Every echoed (= committed) message is in the database, read with psql; the reader
        // on the surviving node saw them too, in the order they were sent.
        let stored = Set(try net.cluster.psql(net.database, "SELECT text FROM message WHERE target = '#load'")
            .split(separator: "\n").map(String.init))
        var seen: [String] = []
        while seen.count < acknowledged.count, let line = try? reader.readLine(timeout: 5),
              let message = try? IRCMessage(parsing: Array(line.utf8)) {
            if message.command == "PRIVMSG" { seen.append(message.parameters[1]) }
        }
        #expect(Array(seen.prefix(acknowledged.count)) == acknowledged)
        let missing = acknowledged.filter { !stored.contains($0) }
        #expect(missing.isEmpty, "acknowledged but not stored: \(missing.prefix(10))")
        reader.close()
        sender.close()
    }


    @Test func aNodeThatLosesTheDatabaseDropsItsUsersThenServesAgain() throws {
        let net = try Network()
        try net.start("n1")
        try net.start("n2")
        let alice = try net.client("alice", on: "n1")
        let bob = try net.client("bob", on: "n2")
        for c in [alice, bob] {
            c.send("JOIN #net")
            try c.expect("366")
        }
        try waitForJoin(alice, "bob", "#net")
        // Under load: a sender on n2 has messages in flight when the database goes.
        let sender = try net.client("sender", on: "n2", caps: ["echo-message"])
        sender.send("JOIN #load")
        try sender.expect("366")
        for i in 1...300 { sender.send("PRIVMSG #load :d\(i)") }
        var acknowledged: [String] = []
        var cut = false
        while let line = try? sender.readLine(timeout: 15), let message = try? IRCMessage(parsing: Array(line.utf8)) {
            if message.command == "PRIVMSG" { acknowledged.append(message.parameters[1]) }
            if acknowledged.count == 50 && !cut {
                // Every connection to the database is cut (what a database restart looks like
                // to its clients). A node that may have missed events stops serving rather
                // than diverge: its users are closed with a reason, and their clients move or
                // come back.
                try net.cluster.terminateConnections(net.database)
                cut = true
            }
        }
        if !cut { try net.cluster.terminateConnections(net.database) }
        let closing = try alice.readUntilClosed(timeout: 15)
        #expect(closing.contains { $0.hasPrefix("ERROR") && $0.contains("lost the network's database") }, "\(closing)")
        _ = try? bob.readUntilClosed(timeout: 15)
        // Once the database answers again, each node rejoins and serves as one network. No
        // bound is promised for the rejoin (its retries back off); 45 s covers the whole suite
        // running in parallel on two cores, where it took up to 50 s in all with 20.
        var again: TestClient?
        try Loopback.eventually("n1 serves again", timeout: 45) {
            again = try? net.client("alice", on: "n1")
            return again != nil
        }
        // n2's queued storage work may still be failing its retries: bob, like a real client,
        // tries again until n2 serves.
        var bob2Client: TestClient?
        try Loopback.eventually("n2 serves again", timeout: 45) {
            bob2Client = try? net.client("bob", on: "n2")
            return bob2Client != nil
        }
        let bob2 = bob2Client!
        again!.send("JOIN #net")
        try again!.expect("366")
        bob2.send("JOIN #net")
        try waitForJoin(again!, "bob", "#net")
        bob2.send("PRIVMSG #net :still one network")
        #expect(try again!.read(until: { $0.command == "PRIVMSG" }).last?.parameters == ["#net", "still one network"])
        // Nothing acknowledged was lost.
        let stored = Set(try net.cluster.psql(net.database, "SELECT text FROM message WHERE target = '#load'")
            .split(separator: "\n").map(String.init))
        #expect(acknowledged.count >= 50)
        #expect(acknowledged.filter { !stored.contains($0) }.isEmpty, "acknowledged, not stored")
        for c in [alice, bob, again!, bob2, sender] { c.close() }
    }


    @Test func invitationsCrossNodesAndARestartedNodeLearnsTopicsModesAndBans() throws {
        let net = try Network()
        try net.start("n1")
        try net.start("n2")
        let alice = try net.client("alice", on: "n1")
        let bob = try net.client("bob", on: "n2", caps: ["invite-notify"])
        for line in ["JOIN #priv", "TOPIC #priv :kept across restarts", "MODE #priv +b *!*@banned.example", "MODE #priv +i"] {
            alice.send(line)
        }
        try alice.read(until: { $0.command == "MODE" })
        _ = try alice.sync()
        // "ERR_INVITEONLYCHAN (473) … Returned when trying to join an invite-only channel
        // without an invite" — the channel's +i holds on bob's node.
        try Loopback.eventually("n2 has +i", timeout: 5) {
            bob.send("MODE #priv")
            return (try? bob.read(until: { $0.command == "324" || $0.command == "403" }).last)?.parameters.dropFirst(2).first?.contains("i") == true
        }
        bob.send("JOIN #priv")
        #expect(try bob.read(until: { $0.command == "473" || $0.command == "366" }).last?.command == "473")
        // INVITE: "the target user … receives an INVITE message"; then the JOIN succeeds there.
        alice.send("INVITE bob #priv")
        try alice.expect("341")
        let invite = try bob.read(until: { $0.command == "INVITE" }).last!
        #expect(invite.source?.name == "alice" && invite.parameters == ["bob", "#priv"])
        bob.send("JOIN #priv")
        let joined = try bob.read(until: { $0.command == "366" || $0.command == "473" })
        #expect(joined.last?.command == "366", "\(joined)")
        #expect(joined.contains { $0.command == "332" && $0.parameters.last == "kept across restarts" })

        // n2 restarts: it learns the topic and the modes from the others' HELLO answers.
        net.kill("n2")
        try alice.read(until: { $0.command == "QUIT" }, timeout: 10)
        try net.start("n2")
        let carol = try net.client("carol", on: "n2")
        try Loopback.eventually("n2 knows #priv's topic and modes", timeout: 10) {
            carol.send("TOPIC #priv")
            carol.send("MODE #priv")
            guard let lines = try? carol.read(until: { $0.command == "324" }) else { return false }
            return lines.contains { $0.command == "332" && $0.parameters.last == "kept across restarts" }
                && lines.contains { $0.command == "324" && $0.parameters[2].contains("i") }
        }
        // RPL_BANLIST (367): the ban list came with it.
        carol.send("MODE #priv b")
        let bans = try carol.read(until: { $0.command == "368" })
        #expect(bans.contains { $0.command == "367" && $0.parameters[2] == "*!*@banned.example" }, "\(bans)")
        for c in [alice, bob, carol] { c.close() }
    }


    /// draft/metadata-2 across nodes (what a visiting pet's look travels in): "the server
    /// MUST send METADATA messages to … clients subscribed to the key" — whichever node they
    /// are on; GET answers for a user of another node.
    @Test func metadataOfAUserReachesSubscribersOnOtherNodes() throws {
        let net = try Network()
        try net.start("n1")
        try net.start("n2")
        let alice = try net.client("alice", on: "n1", caps: ["draft/metadata-2"])
        let bob = try net.client("bob", on: "n2", caps: ["draft/metadata-2", "batch"])
        bob.send("METADATA * SUB avatar")
        try bob.expect("770")
        for c in [alice, bob] {
            c.send("JOIN #net")
            try c.expect("366")
        }
        try waitForJoin(alice, "bob", "#net")
        alice.send("METADATA * SET avatar :spider-tank blue")
        try alice.expect("761")
        let change = try bob.read(until: { $0.command == "METADATA" }).last!
        #expect(change.parameters == ["alice", "avatar", "*", "spider-tank blue"], "\(change)")
        bob.send("METADATA alice GET avatar")
        let got = try bob.read(until: { $0.command == "761" || $0.command == "766" }).last!
        #expect(got.command == "761" && got.parameters.last == "spider-tank blue", "\(got)")
        // A node that starts later learns it with the user.
        try net.start("n3")
        let carol = try net.client("carol", on: "n3", caps: ["draft/metadata-2"])
        try Loopback.eventually("n3 knows alice's avatar", timeout: 10) {
            carol.send("METADATA alice GET avatar")
            return (try? carol.read(until: { $0.command == "761" || $0.command == "766" || $0.command == "401" }).last)?
                .parameters.last == "spider-tank blue"
        }
        for c in [alice, bob, carol] { c.close() }
    }

}
