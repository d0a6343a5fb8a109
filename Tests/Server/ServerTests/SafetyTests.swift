import IRCProtocol
import ServerCore
import ServerNIO
import TerminalHarness
import Testing

@Suite struct FloodTests {
    /// A server with small flood limits: a burst of 5, then 50 lines/s, 20 held at most.
    static func floodLimitedServer(reconnectDelay: Double = 10) async throws -> IRCServer {
        try await ServerFixture.start {
            $0.floodBurst = 5
            $0.floodRate = 50
            $0.floodMaxQueuedLines = 20
            $0.floodReconnectDelay = reconnectDelay
        }
    }

    @Test func excessLinesAreDelayedThenTheFlooderIsDropped() async throws {
        let server = try await Self.floodLimitedServer()
        defer { Task { await server.shutdown() } }
        let polite = try TestClient(port: server.ports[0])
        try polite.register("polite")
        // 15 lines over a burst of 5: the rest is delayed, not dropped, and all get answers.
        for i in 0..<15 { polite.send("PING p\(i)") }
        let pongs = try polite.read(until: { $0.command == "PONG" && $0.parameters.last == "p14" }).filter { $0.command == "PONG" }
        #expect(pongs.map { $0.parameters[1] } == (0..<15).map { "p\($0)" })

        let flooder = try TestClient(port: server.ports[0])
        try flooder.register("flooder")
        flooder.sendRaw(Array(String(repeating: "PRIVMSG polite :spam\r\n", count: 500).utf8))
        let lines = try flooder.readUntilClosed()
        #expect(lines.last == "ERROR :Closing Link: 127.0.0.1 (Excess Flood)")
        polite.send("PING after")
        let after = try polite.read(until: { $0.command == "PONG" })
        #expect(after.filter { $0.command == "PRIVMSG" }.count < 500)
    }

    /// A flooder that reconnects at once would get a fresh burst of lines through every few
    /// milliseconds (the hostile-peer benchmark saw 129 cycles in 28 s, each fanned out to a
    /// busy channel): its address waits `floodReconnectDelay` seconds before it may connect
    /// again. Connections already open from that address are not touched.
    @Test func aFloodersAddressWaitsBeforeConnectingAgain() async throws {
        let server = try await Self.floodLimitedServer(reconnectDelay: 3)
        defer { Task { await server.shutdown() } }
        let bystander = try TestClient(port: server.ports[0])
        try bystander.register("bystander")
        let flooder = try TestClient(port: server.ports[0])
        try flooder.register("flooder")
        flooder.sendRaw(Array(String(repeating: "PRIVMSG bystander :spam\r\n", count: 500).utf8))
        #expect(try flooder.readUntilClosed().last == "ERROR :Closing Link: 127.0.0.1 (Excess Flood)")
        flooder.close()

        let again = try TestClient(port: server.ports[0])
        again.send("NICK again")
        again.send("USER u 0 * :r")
        let refused = try again.readUntilClosed()
        again.close()
        #expect(refused.count == 1, "\(refused)")
        #expect(refused.first?.hasPrefix("ERROR :Closing Link: 127.0.0.1 (Excess Flood from your IP address; try again in ") == true,
                "\(refused)")
        #expect(refused.first?.hasSuffix(" s)") == true)

        // The connection that was already open goes on as before.
        bystander.send("PING still")
        let pong = try bystander.read(until: { $0.command == "PONG" }).last
        #expect(pong?.parameters.last == "still")

        // Once the wait is over the address is welcome again.
        try await Task.sleep(for: .seconds(3.2))
        let later = try TestClient(port: server.ports[0])
        try later.register("later")
        later.close()
    }
}

@Suite struct LimitTests {
    @Test func connectionsPerIPAreCapped() async throws {
        let server = try await ServerFixture.start { $0.maxConnectionsPerIP = 2 }
        defer { Task { await server.shutdown() } }
        let one = try TestClient(port: server.ports[0])
        let two = try TestClient(port: server.ports[0])
        try one.register("one")
        try two.register("two")
        let three = try TestClient(port: server.ports[0])
        let lines = try three.readUntilClosed()
        #expect(lines == ["ERROR :Closing Link: 127.0.0.1 (Too many connections from your IP address)"])
        three.close()
        one.send("QUIT")
        _ = try one.readUntilClosed()
        one.close()
        // The slot is free again once the first connection is gone.
        var admitted = false
        for _ in 0..<50 where !admitted {
            let again = try TestClient(port: server.ports[0])
            again.send("NICK again")
            again.send("USER u 0 * :r")
            admitted = (try? again.expect("001", timeout: 2)) != nil
            again.close()
        }
        #expect(admitted)
    }

    @Test func silentConnectionsTimeOut() async throws {
        let server = try await ServerFixture.start {
            $0.registrationTimeout = 1
            $0.pingInterval = 1
            $0.pingTimeout = 1
        }
        defer { Task { await server.shutdown() } }
        let silent = try TestClient(port: server.ports[0])
        #expect(try silent.readUntilClosed() == ["ERROR :Closing Link: 127.0.0.1 (Registration timed out)"])
        let sleepy = try TestClient(port: server.ports[0])
        try sleepy.register("sleepy")
        let ping = try sleepy.expect("PING")
        #expect(ping.parameters == ["test.server"])
        let rest = try sleepy.readUntilClosed()
        #expect(rest.last == "ERROR :Closing Link: 127.0.0.1 (Ping timeout: 1 seconds)")
        let awake = try TestClient(port: server.ports[0])
        try awake.register("awake")
        for _ in 0..<3 {
            let p = try awake.expect("PING")
            awake.send("PONG :\(p.parameters[0])")
        }
        #expect(try awake.sync().last?.command == "PONG")
    }

    @Test func aClientThatDoesNotReadHitsTheSendQueueCap() async throws {
        let server = try await ServerFixture.start {
            $0.sendQueueBytes = 16 * 1024
            $0.floodBurst = 10_000
            $0.floodMaxQueuedLines = 10_000
        }
        defer { Task { await server.shutdown() } }
        let slow = try TestClient(port: server.ports[0], receiveBuffer: 2048)
        try slow.register("slow")
        // Ask for far more replies than the kernel buffers and the send queue can hold.
        slow.sendRaw(Array(String(repeating: "MOTD\r\n", count: 4000).utf8))
        var lines: [String] = []
        while let line = try slow.readLine() { lines.append(line) }
        #expect(lines.last == "ERROR :Closing Link: 127.0.0.1 (SendQ exceeded)")
        #expect(lines.count < 4000 * 3)
    }
}

@Suite struct NeverReadingClientTests {
    /// A client that stops reading is dropped at its send-queue limit (the others see its
    /// QUIT), and its connection is really closed even though it never reads again: before,
    /// the server waited forever for the ERROR line to go out, holding the connection and
    /// everything queued for it.
    @Test func aClientThatNeverReadsAgainIsClosedAndForgotten() async throws {
        let server = try await ServerFixture.start {
            $0.sendQueueBytes = 16 * 1024
            $0.floodBurst = 10_000
            $0.floodMaxQueuedLines = 10_000
        }
        defer { Task { await server.shutdown() } }
        let watcher = try TestClient(port: server.ports[0])
        try watcher.register("watcher")
        watcher.send("JOIN #busy")
        _ = try watcher.expect("366")
        let sleeper = try TestClient(port: server.ports[0], receiveBuffer: 2048)
        try sleeper.register("sleeper")
        sleeper.send("JOIN #busy")
        _ = try watcher.read(until: { $0.command == "JOIN" && $0.source?.name == "sleeper" })
        #expect(await server.connectionCount() == 2)
        // The channel is busy and the sleeper never reads again: what the server sends it
        // fills the kernel's buffers, then its send queue, over many turns of the loop.
        let text = String(repeating: "z", count: 400)
        var quit: IRCMessage?
        // (Ten lines a round: less than the send queue in one turn of the loop.)
        for _ in 0..<2000 where quit == nil {
            for _ in 0..<10 { watcher.send("PRIVMSG #busy :\(text)") }
            quit = try watcher.sync().first { $0.command == "QUIT" }
        }
        #expect(quit?.parameters.last == "SendQ exceeded")
        // Its connection goes too, though it has not read a byte since.
        var count = await server.connectionCount()
        for _ in 0..<600 where count > 1 {
            try await Task.sleep(for: .milliseconds(50))
            count = await server.connectionCount()
        }
        #expect(count == 1, "the server still holds the sleeper's connection")
        _ = try watcher.sync()
    }
}

@Suite struct SlowPeerTests {
    /// A slowloris peer: registered, then one byte at a time of a line it never finishes.
    /// A half line is not input, so the server PINGs it and drops it at the PING timeout;
    /// its half line stays within the framer's bound meanwhile.
    @Test func aClientDribblingAHalfLineIsDroppedAtThePingTimeout() async throws {
        let server = try await ServerFixture.start {
            $0.pingInterval = 1
            $0.pingTimeout = 1
        }
        defer { Task { await server.shutdown() } }
        let slow = try TestClient(port: server.ports[0])
        try slow.register("dribbler")
        var lines: [String] = []
        for byte in Array("PRIVMSG #nowhere :".utf8) + Array(repeating: UInt8(ascii: "x"), count: 100) {
            slow.sendRaw([byte])
            if let line = try? slow.readLine(timeout: 0.2) {
                lines.append(line)
                if line.hasPrefix("ERROR") { break }
            }
        }
        while let line = try slow.readLine() { lines.append(line) }
        #expect(lines.contains { $0.hasSuffix("PING test.server") }, "\(lines)")
        #expect(lines.last == "ERROR :Closing Link: 127.0.0.1 (Ping timeout: 1 seconds)")
    }
}

@Suite struct HostileInputTests {
    @Test func garbageNeverKillsTheServer() async throws {
        let port = try await SharedServer.shared.port()
        let victim = try TestClient(port: port)
        try victim.register(Nick.make("hostile"))
        let junk: [[UInt8]] = [
            [0x00, 0x0A], Array(": \r\n".utf8), Array("@ \r\n".utf8), Array("@;;;= PRIVMSG x\r\n".utf8),
            Array("\r\n\r\n\r\n".utf8), Array(":only-a-source\r\n".utf8), Array("JOIN #a,#b,#c,#d,#e,#f,#".utf8) + [0x0A],
            Array("MODE #x +kkkkkkkkkkkkkkkkkkkkkkkkkk\r\n".utf8), Array("WHO %%%%%,\r\n".utf8),
            Array("PRIVMSG ,,,, :x\r\n".utf8), Array("CAP REQ :-\r\n".utf8), Array("KICK # :\r\n".utf8),
            Array("USER\r\n".utf8), [0xC3, 0x28, 0x0A], Array(repeating: 0x20, count: 300) + [0x0A],
            Array("MODE \(victim.nick) +iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii-i+w\r\n".utf8),
        ]
        for bytes in junk { victim.sendRaw(bytes) }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let n = Int.random(in: 1...80, using: &rng)
            var bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            bytes.removeAll { $0 == 0x0A || $0 == 0x0D }
            victim.sendRaw(bytes + [0x0D, 0x0A])
        }
        let end = try victim.sync("survived")
        #expect(end.last?.parameters.last == "survived")
        let fresh = try TestClient(port: port)
        try fresh.register(Nick.make("fresh"))
    }
}
