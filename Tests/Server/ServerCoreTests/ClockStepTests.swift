import IRCProtocol
@testable import ServerCore
import Testing

/// Timeouts count time that passed, not what the wall clock says (issue 19, item 4): a
/// clock set an hour ahead or back neither drops everyone nor stops PING checks.
@Suite struct ClockStepTests {
    let t0 = ServerInstant(milliseconds: 1_800_000_000_000)

    func at(_ seconds: Double) -> ServerInstant { t0.adding(seconds: seconds) }

    /// Every part of the sweep in turn, as the adapter calls them.
    func sweep(_ core: ServerCore, _ now: ServerInstant) {
        for part in 0..<ConnectionTable.sweepParts { core.tick(now: now, part: part, of: ConnectionTable.sweepParts) }
    }

    @Test func aWatchTellsASetClockFromTimePassing() {
        var watch = WallClockWatch()
        let mono: UInt64 = 5_000_000_000
        #expect(watch.step(wall: at(0), monotonicNanoseconds: mono) == nil, "the first reading has nothing to compare")
        #expect(watch.step(wall: at(1), monotonicNanoseconds: mono + 1_000_000_000) == nil, "a second passed")
        #expect(watch.step(wall: at(2.5), monotonicNanoseconds: mono + 2_000_000_000) == nil, "half a second of jitter")
        #expect(watch.step(wall: at(3603.5), monotonicNanoseconds: mono + 3_000_000_000) == 3_600_000, "set an hour ahead")
        #expect(watch.step(wall: at(4.5), monotonicNanoseconds: mono + 4_000_000_000) == -3_600_000, "and back")
    }

    /// "Ping timeout" and "Registration timed out" come after the configured time has really
    /// passed, whatever the wall clock did meanwhile.
    @Test func aClockSetAnHourAheadDropsNobody() {
        let core = ServerCore(config: ServerConfig(), now: t0)
        let registered = ClientID(1), registering = ClientID(2)
        core.clientConnected(registered, ip: "127.0.0.1", now: t0)
        for line in ["NICK ann", "USER a 0 * :Ann"] { core.receive(registered, line: Array(line.utf8), now: t0) }
        core.clientConnected(registering, ip: "127.0.0.1", now: at(80))
        core.outbox.removeAll()
        // 90 s of silence: the server PINGs ann and waits up to 60 s for the PONG.
        sweep(core, at(90))
        #expect(core.outbox.deliveries.contains { $0.client == registered })
        core.outbox.removeAll()
        // Two seconds later the clock is set an hour ahead.
        core.clockStepped(by: 3_600_000)
        sweep(core, at(92 + 3600))
        #expect(core.outbox.closes.isEmpty, "nobody dropped for an hour that did not pass")
        #expect(core.connectionCount == 2)
        // The timeouts still come when their time has passed.
        sweep(core, at(151 + 3600))
        #expect(core.outbox.closes.contains(registered) && core.outbox.closes.contains(registering))
    }

    /// Set back an hour, the server still notices a silent connection in time.
    @Test func aClockSetBackStillChecksConnections() {
        let core = ServerCore(config: ServerConfig(), now: t0)
        let id = ClientID(1)
        core.clientConnected(id, ip: "127.0.0.1", now: t0)
        for line in ["NICK ann", "USER a 0 * :Ann"] { core.receive(id, line: Array(line.utf8), now: t0) }
        // A sweep before the step, so the connection's next check is already set (to 90 s).
        sweep(core, at(1))
        core.outbox.removeAll()
        core.clockStepped(by: -3_600_000)
        sweep(core, at(91 - 3600))
        let ping = core.outbox.payloads.map { String(decoding: $0, as: UTF8.self) }.joined()
        #expect(ping.contains("PING"), "PING after 90 s of real silence: \(ping)")
    }
}

/// The periodic sweep in parts: each connection belongs to one part, so calling every part
/// checks every connection exactly once.
@Suite struct TickInPartsTests {
    @Test func everyConnectionIsCheckedByExactlyOnePart() {
        let t0 = ServerInstant(milliseconds: 1_800_000_000_000)
        let core = ServerCore(config: ServerConfig(), now: t0)
        let ids = (1...40).map { ClientID(UInt64($0) << 32 | UInt64($0 * 7)) }
        for id in ids { core.clientConnected(id, ip: "127.0.0.1", now: t0) }
        core.outbox.removeAll()
        // Past the registration timeout, part by part: each part closes only its own.
        var closed: [ClientID] = []
        for part in 0..<10 {
            core.tick(now: t0.adding(seconds: 31), part: part, of: 10)
            let now = core.outbox.closes
            #expect(now.allSatisfy { $0.rawValue % 10 == UInt64(part) })
            closed += now
            core.outbox.removeAll()
        }
        #expect(Set(closed) == Set(ids) && closed.count == ids.count)
    }

    /// A part's sweep skips connections whose next check has not come (an idle connection is
    /// not looked at every second), yet every timeout still comes on time: the PING after
    /// the interval of silence, the next one counted from the PONG, the drop after an
    /// unanswered one.
    @Test func skippedConnectionsStillGetEveryTimeoutOnTime() {
        let t0 = ServerInstant(milliseconds: 1_800_000_000_000)
        func at(_ s: Double) -> ServerInstant { t0.adding(seconds: s) }
        let core = ServerCore(config: ServerConfig(), now: t0)
        let id = ClientID(7)
        core.clientConnected(id, ip: "127.0.0.1", now: t0)
        for line in ["NICK ann", "USER a 0 * :Ann"] { core.receive(id, line: Array(line.utf8), now: t0) }
        func sweep(_ s: Double) -> String {
            core.outbox.removeAll()
            for part in 0..<ConnectionTable.sweepParts { core.tick(now: at(s), part: part, of: ConnectionTable.sweepParts) }
            return core.outbox.payloads.map { String(decoding: $0, as: UTF8.self) }.joined()
        }
        for s in stride(from: 1.0, through: 89, by: 11) { #expect(!sweep(s).contains("PING"), "no PING at \(s) s") }
        #expect(sweep(90).contains("PING"), "PING after 90 s of silence")
        core.receive(id, line: Array("PONG :x".utf8), now: at(100))
        #expect(!sweep(150).contains("ERROR"), "the PONG came in time")
        #expect(!sweep(189).contains("PING"))
        #expect(sweep(190).contains("PING"), "the next PING 90 s after the PONG")
        #expect(sweep(249).isEmpty)
        #expect(sweep(250).contains("Ping timeout"), "dropped 60 s after an unanswered PING")
    }
}
