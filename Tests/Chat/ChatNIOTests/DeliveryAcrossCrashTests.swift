#if canImport(Glibc)
import Glibc
#endif
import ChatCore
import ChatNIO
import Foundation
import GRDB
import NIOConcurrencyHelpers
import NIOCore
import TerminalHarness
import Testing
import SeededRandom

/// Nothing typed is lost or doubled across a crash: a burst of 200 lines to our server's
/// executable (SQLite database in a temporary directory), the server killed with SIGKILL at a
/// seeded random point of the burst and restarted on the same port and database. Before each
/// kill a proxy drops the server's echoes for a few (seeded) milliseconds while our lines
/// still reach it, so some lines are stored whose echo never comes: they must not be resent. Every line
/// must be stored exactly once, in the order typed, and shown delivered.
/// `TK_CRASH_SEED=n` replays a seed (each run prints its own).
@Suite(.serialized) struct DeliveryAcrossCrashTests {
    static let count = 200

    @Test func aBurstSurvivesTheServerKilledMidway() async throws {
        let seed = ProcessInfo.processInfo.environment["TK_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...999_999)
        var random = SplitMix64(seed: seed)
        // Two kills: one in the first burst, one while the client recovers and resends.
        let firstKill = Int(random.next() % 100)
        let secondKill = firstKill + 1 + Int(random.next() % UInt64(Self.count - firstKill - 20))
        let cuts = [20 + Int(random.next() % 250), 20 + Int(random.next() % 250)]
        print("DeliveryAcrossCrashTests seed \(seed): SIGKILL after \(firstKill) and after \(secondKill) confirmed lines,"
              + " echoes cut \(cuts) ms before")

        let port = try Ports.free()
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("db.sqlite").path
        // Flood control stays on (the default burst of 20); only the rate after it is raised,
        // so the burst takes seconds rather than a minute.
        let config = dir.appendingPathComponent("server.toml").path
        try "[limits]\nflood_rate = 40\n".write(toFile: config, atomically: true, encoding: .utf8)
        let log = dir.appendingPathComponent("server.log").path
        var starts = 0
        func startServer() throws -> pid_t {
            // Each start is marked in the log, so a failure shows what this start said.
            starts += 1
            if let handle = FileHandle(forWritingAtPath: log) ?? (FileManager.default.createFile(atPath: log, contents: nil) ? FileHandle(forWritingAtPath: log) : nil) {
                handle.seekToEndOfFile()
                handle.write(Data("--- start \(starts) at \(Date().timeIntervalSince1970)\n".utf8))
                try? handle.close()
            }
            return try Spawn.background([Products.path("tachikoma-server"), "--config", config, "--listen", "127.0.0.1:\(port)",
                                  "--name", "tachikoma.test", "--db", db], stderrPath: dir.appendingPathComponent("server.log").path)
        }
        /// Waits for the server on `port`, naming its last words if it does not come up.
        /// `killedAgain` ends the wait too: on a loaded machine this task may wake only after
        /// the client reconnected, reached the next kill point and the server was killed again.
        func listening(_ what: String, pid: pid_t, killedAgain: () -> Bool = { false }) async throws {
            let deadline = Date().addingTimeInterval(40)
            while true {
                let expired = Date() >= deadline
                if Loopback.answers(port) || killedAgain() { return }
                if expired { break }
                try await Task.sleep(for: .milliseconds(30))
            }
            let words = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            var status: Int32 = 0
            let state = waitpid(pid, &status, WNOHANG) == pid ? "exited (status word \(status))" : "still running"
            throw FixtureError(description: "seed \(seed): \(what): nothing listens on \(port) at \(Date().timeIntervalSince1970);"
                               + " server \(pid) \(state); server log: \(words.suffix(600))")
        }
        let server = NIOLockedValueBox<pid_t>(try startServer())
        defer { Spawn.killAndReap(server.withLockedValue { $0 }) }
        try await listening("first start", pid: server.withLockedValue { $0 })

        let proxy = try SlowProxy(upstream: port)
        defer { proxy.close() }
        let texts = (0..<Self.count).map { String(format: "burst %03d of seed %llu", $0, seed) }
        // The kill happens from the client's own updates, so it lands while lines are in flight.
        let killAt = NIOLockedValueBox<[Int]>([firstKill, secondKill])
        let killed = NIOLockedValueBox<Int>(0)
        let latest = NIOLockedValueBox<ChatSession?>(nil)
        let client = ChatClient(config: ChatConfig(port: proxy.port, nick: "burster", channels: ["#burst"]), seed: seed,
                                backoff: ReconnectBackoff(base: 0.05, cap: 0.3), tickInterval: .milliseconds(200)) { update in
            latest.withLockedValue { $0 = update.session }
            let mine = update.session.bufferIndex("#burst").map { i in update.session.buffers[i].lines.filter { $0.localID != nil } } ?? []
            let confirmed = mine.filter { $0.delivery == .delivered }.count
            let due = killAt.withLockedValue { points -> Bool in
                guard mine.count == Self.count, let next = points.first, confirmed >= next, update.session.phase == .online else {
                    return false
                }
                points.removeFirst()
                return true
            }
            if due {
                // Echoes stop reaching us; the server goes on storing what is in flight, then dies.
                proxy.cutServerLines()
                let round = killed.withLockedValue { $0 }
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(cuts[min(round, 1)])) {
                    kill(server.withLockedValue { $0 }, SIGKILL)
                    killed.withLockedValue { $0 += 1 }
                }
            }
        }
        func until(_ what: String, timeout: Double = 90, _ condition: (ChatSession) -> Bool) async throws -> ChatSession {
            let deadline = Date().addingTimeInterval(timeout)
            while true {  // a last look after the deadline, as in Observed.until
                let expired = Date() >= deadline
                if let s = latest.withLockedValue({ $0 }), condition(s) { return s }
                if expired { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            let s = latest.withLockedValue { $0 }
            let mine = s.flatMap { s in s.bufferIndex("#burst").map { s.buffers[$0].lines.filter { $0.localID != nil } } } ?? []
            let states = Dictionary(grouping: mine, by: { "\($0.delivery)" }).mapValues(\.count)
            throw FixtureError(description: "seed \(seed): timed out waiting for \(what); phase \(String(describing: s?.phase)); own lines \(states)")
        }
        client.start()
        try await until("joined #burst") { s in s.bufferIndex("#burst").map { s.buffers[$0].joined } ?? false }
        for text in texts { client.perform(.say(target: "#burst", text: text, action: false)) }

        for round in 1...2 {
            let deadline = Date().addingTimeInterval(90)
            while killed.withLockedValue({ $0 }) < round && Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
            guard killed.withLockedValue({ $0 }) >= round else { break }  // the burst ended before this kill point
            let pid = server.withLockedValue { $0 }
            Spawn.killAndReap(pid)
            let s = try await until("the client notices kill \(round)") { $0.phase != .online }
            let open = s.bufferIndex("#burst").map { s.buffers[$0].lines.filter { $0.localID != nil && $0.delivery != .delivered }.count } ?? 0
            let stored = try await DatabaseQueue(path: db).read { sql in
                try Int.fetchOne(sql, sql: "SELECT COUNT(*) FROM message WHERE command = 'PRIVMSG' AND target = '#burst'") ?? 0
            }
            let confirmed = Self.count - open
            print("DeliveryAcrossCrashTests seed \(seed): kill \(round): \(confirmed) confirmed, \(stored) stored"
                  + " (\(stored - confirmed) stored without their echo reaching us), \(open) to recover or send")
            proxy.thaw()
            let restarted = try startServer()
            server.withLockedValue { $0 = restarted }
            try await listening("restart \(round)", pid: restarted, killedAgain: { killed.withLockedValue { $0 } > round })
        }

        let done = try await until("every line confirmed") { s in
            guard s.phase == .online, s.pendingCount == 0, let i = s.bufferIndex("#burst") else { return false }
            return s.buffers[i].lines.filter { $0.localID != nil }.allSatisfy { $0.delivery == .delivered }
        }
        let i = try #require(done.bufferIndex("#burst"))
        let shown = done.buffers[i].lines.filter { $0.kind == .message && $0.text.hasPrefix("burst ") }
        #expect(shown.map(\.text) == texts, "seed \(seed): the sender's view")
        #expect(shown.allSatisfy { $0.delivery == .delivered && $0.msgid != nil }, "seed \(seed)")
        await client.stop()

        // The server's database: each line exactly once, in the order typed.
        let stored = try await DatabaseQueue(path: db).read { sql in
            try String.fetchAll(sql, sql: "SELECT text FROM message WHERE command = 'PRIVMSG' AND target = '#burst' ORDER BY id")
        }
        #expect(stored.count == Self.count, "seed \(seed): \(stored.count) stored")
        #expect(stored == texts, "seed \(seed): first difference at \(String(describing: zip(stored, texts).enumerated().first { $0.element.0 != $0.element.1 }?.offset))")
    }
}
