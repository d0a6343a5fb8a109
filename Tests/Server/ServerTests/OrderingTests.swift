import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import IRCProtocol
import NIOConcurrencyHelpers
import SCRAM
import SCRAMCrypto
import ServerCore
import ServerSQLite
import ServerStorageEngine
import TerminalHarness
import Testing

/// A storage that answers every request only after `delay` seconds: a slow disk, on purpose.
final class SlowStorage: ServerStorage {
    let inner: any ServerStorage
    let delay: Double

    init(_ inner: any ServerStorage, delay: Double) {
        self.inner = inner
        self.delay = delay
    }

    var features: StorageFeatures { inner.features }
    func accountNames() throws -> [String] { try inner.accountNames() }
    func perform(_ request: StorageRequest) throws -> StorageAnswer {
        usleep(UInt32(delay * 1_000_000))
        return try inner.perform(request)
    }
    func append(_ entries: [HistoryEntry]) throws { try inner.append(entries) }
}

/// A storage that answers nothing until the test opens its gate.
final class GatedStorage: ServerStorage {
    let inner: any ServerStorage
    private let gate = DispatchGroup()

    init(_ inner: any ServerStorage) {
        self.inner = inner
        gate.enter()
    }

    func open() { gate.leave() }

    var features: StorageFeatures { inner.features }
    func accountNames() throws -> [String] { try inner.accountNames() }
    func perform(_ request: StorageRequest) throws -> StorageAnswer {
        gate.wait()
        return try inner.perform(request)
    }
    func append(_ entries: [HistoryEntry]) throws { try inner.append(entries) }
}

/// Modern IRC, "Message Processing" / IRCv3 in general: a server answers one client's
/// commands in the order it sent them. Clients and bots synchronise on PING/PONG, so a
/// reply that arrives after the PONG of a later PING is, to them, lost.
///
/// Each test sends a storage-backed command and a PING in one write (as a pipelining client
/// does) and checks that the command's reply comes before the PONG — over real TCP and a
/// real SQLite file, once as it is and once with every storage answer delayed by 300 ms.
@Suite struct OrderingTests {
    static let delays: [Double] = [0, 0.3]

    static func wrap(_ delay: Double) -> @Sendable (any ServerStorage) -> any ServerStorage {
        { delay > 0 ? SlowStorage($0, delay: delay) : $0 }
    }

    /// Sends `line` and `PING token` in one write; returns what came before the PONG.
    static func pipelined(_ client: TestClient, _ line: String, token: String = "order") throws -> [IRCMessage] {
        client.sendRaw(Array("\(line)\r\nPING \(token)\r\n".utf8))
        return try client.read(until: { $0.command == "PONG" && $0.parameters.last == token }).dropLast()
    }

    // draft/account-registration: "REGISTER <account> {<email> | "*"} <password>" — the
    // server answers REGISTER SUCCESS (or FAIL); that answer must precede the PONG.
    @Test(arguments: delays) func registerBeforeConnectIsAnsweredBeforeALaterPing(delay: Double) async throws {
        try await withDatabaseServer(wrap: Self.wrap(delay)) { db in
            let c = try TestClient(port: db.port)
            c.send("CAP LS 302")
            c.send("NICK Aramaki")
            c.send("USER a 0 * :Chief")
            c.send("CAP REQ :draft/account-registration")
            try c.expect("CAP")
            try c.expect("CAP")
            let before = try Self.pipelined(c, "REGISTER * * section9")
            #expect(before.contains { $0.command == "REGISTER" && $0.parameters.first == "SUCCESS" }, "\(c.transcript.suffix(6))")
            #expect(before.contains { $0.command == "900" })
        }
    }

    @Test(arguments: delays) func registerAfterConnectIsAnsweredBeforeALaterPing(delay: Double) async throws {
        try await withDatabaseServer(wrap: Self.wrap(delay)) { db in
            let c = try TestClient(port: db.port)
            try c.register("Ishikawa")
            let before = try Self.pipelined(c, "REGISTER * * section9")
            #expect(before.contains { $0.command == "REGISTER" && $0.parameters.first == "SUCCESS" }, "\(c.transcript.suffix(6))")
        }
    }

    // IRCv3 SASL 3.1: "the server MUST reply with 903 or 904" to the last AUTHENTICATE —
    // before anything the client sent after it.
    @Test(arguments: delays) func saslPlainVerdictComesBeforeALaterPing(delay: Double) async throws {
        try await withDatabaseServer(accounts: [("Saito", "sniper-eye")], wrap: Self.wrap(delay)) { db in
            let c = try TestClient(port: db.port)
            try c.negotiateSASL()
            c.send("AUTHENTICATE PLAIN")
            try c.expect("AUTHENTICATE")
            let wrong = try Self.pipelined(c, "AUTHENTICATE " + TestClient.base64(Array("\0Saito\0wrong-eye".utf8)), token: "a")
            #expect(wrong.contains { $0.command == "904" }, "\(c.transcript.suffix(6))")
            c.send("AUTHENTICATE PLAIN")
            try c.expect("AUTHENTICATE")
            let right = try Self.pipelined(c, "AUTHENTICATE " + TestClient.base64(Array("\0Saito\0sniper-eye".utf8)), token: "b")
            #expect(right.contains { $0.command == "903" }, "\(c.transcript.suffix(6))")
        }
    }

    // RFC 5802 via IRCv3 SASL: server-first answers client-first, server-final answers
    // client-final; each step waits on storage and must still come before a later PONG.
    @Test(arguments: delays) func scramStepsComeBeforeALaterPing(delay: Double) async throws {
        try await withDatabaseServer(accounts: [("Paz", "cigarette")], wrap: Self.wrap(delay)) { db in
            let c = try TestClient(port: db.port)
            try c.negotiateSASL()
            c.send("AUTHENTICATE SCRAM-SHA-256")
            try c.expect("AUTHENTICATE")
            var scram = ScramClient(username: "Paz", password: "cigarette")
            let first = try Self.pipelined(c, "AUTHENTICATE " + ScramBase64.encode(Array(scram.first.text.utf8)), token: "first")
            let serverFirst = try #require(first.last { $0.command == "AUTHENTICATE" }, "\(c.transcript.suffix(6))")
            let text = String(decoding: ScramBase64.decode(serverFirst.parameters[0]) ?? [], as: UTF8.self)
            let final = try scram.respond(to: text)
            let second = try Self.pipelined(c, "AUTHENTICATE " + ScramBase64.encode(Array(final.utf8)), token: "final")
            let serverFinal = try #require(second.last { $0.command == "AUTHENTICATE" }, "\(c.transcript.suffix(6))")
            #expect(scram.verify(String(decoding: ScramBase64.decode(serverFinal.parameters[0]) ?? [], as: UTF8.self)))
            let done = try Self.pipelined(c, "AUTHENTICATE +", token: "done")
            #expect(done.contains { $0.command == "903" })
        }
    }

    // draft/chathistory: the reply is a batch; it must precede the PONG.
    @Test(arguments: delays) func chathistoryComesBeforeALaterPing(delay: Double) async throws {
        try await withDatabaseServer(accounts: [("Bato", "prosthetic-eyes")], wrap: Self.wrap(delay)) { db in
            let c = try TestClient(port: db.port)
            try c.login("Bato", password: "prosthetic-eyes", caps: ["batch", "server-time", "draft/chathistory", "message-tags"])
            c.send("JOIN #sec9")
            c.send("PRIVMSG #sec9 :remember this")
            _ = try c.sync("stored")
            let latest = try Self.pipelined(c, "CHATHISTORY LATEST #sec9 * 10", token: "latest")
            #expect(latest.contains { $0.command == "PRIVMSG" && $0.parameters.last == "remember this" }, "\(c.transcript.suffix(6))")
            #expect(latest.last?.command == "BATCH")
            let targets = try Self.pipelined(c, "CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z timestamp=2100-01-01T00:00:00.000Z 10",
                                             token: "targets")
            #expect(targets.contains { $0.command == "BATCH" && $0.parameters.count >= 2 && $0.parameters[1] == "draft/chathistory-targets" },
                    "\(c.transcript.suffix(6))")
            #expect(targets.last?.command == "BATCH")
        }
    }

    // draft/read-marker: MARKREAD query, set, and the MARKREAD the server sends after JOIN.
    @Test(arguments: delays) func markreadComesBeforeALaterPing(delay: Double) async throws {
        try await withDatabaseServer(accounts: [("Pazu", "laughing-man")], wrap: Self.wrap(delay)) { db in
            let c = try TestClient(port: db.port)
            try c.login("Pazu", password: "laughing-man", caps: ["draft/read-marker"])
            let join = try Self.pipelined(c, "JOIN #sec9", token: "join")
            #expect(join.contains { $0.command == "MARKREAD" && $0.parameters.first == "#sec9" }, "\(c.transcript.suffix(6))")
            let set = try Self.pipelined(c, "MARKREAD #sec9 timestamp=2026-01-01T00:00:00.000Z", token: "set")
            #expect(set.contains { $0.command == "MARKREAD" && $0.parameters.last == "timestamp=2026-01-01T00:00:00.000Z" },
                    "\(c.transcript.suffix(6))")
            let query = try Self.pipelined(c, "MARKREAD #sec9", token: "query")
            #expect(query.contains { $0.command == "MARKREAD" && $0.parameters.last == "timestamp=2026-01-01T00:00:00.000Z" },
                    "\(c.transcript.suffix(6))")
        }
    }

    /// Many commands in one write, several of them storage-backed: every reply comes in
    /// the order of the commands.
    @Test func aPipelinedSessionIsAnsweredInOrder() async throws {
        try await withDatabaseServer(accounts: [("Kusanagi", "the-net-is-vast")], wrap: Self.wrap(0.05)) { db in
            let c = try TestClient(port: db.port)
            let plain = TestClient.base64(Array("\0Kusanagi\0the-net-is-vast".utf8))
            let lines = ["CAP LS 302", "CAP REQ :sasl batch draft/chathistory draft/read-marker", "NICK Kusanagi", "USER k 0 * :Major",
                         "PING one", "AUTHENTICATE PLAIN", "AUTHENTICATE \(plain)", "PING two", "CAP END", "PING three",
                         "JOIN #net", "PING four", "CHATHISTORY LATEST #net * 5", "PING five", "MARKREAD #net", "PING six"]
            c.sendRaw(Array(lines.map { $0 + "\r\n" }.joined().utf8))
            let seen = try c.read(until: { $0.command == "PONG" && $0.parameters.last == "six" })
            func index(_ predicate: (IRCMessage) -> Bool) -> Int { seen.firstIndex(where: predicate) ?? -1 }
            func pong(_ token: String) -> Int { index { $0.command == "PONG" && $0.parameters.last == token } }
            let sasl = index { $0.command == "903" }
            let welcome = index { $0.command == "001" }
            let history = index { $0.command == "BATCH" }
            // The last MARKREAD: the first one follows the JOIN (read-marker sends it there).
            let marker = seen.lastIndex { $0.command == "MARKREAD" && $0.parameters.last == "*" } ?? -1
            #expect(pong("three") < index { $0.command == "MARKREAD" } && index { $0.command == "MARKREAD" } < pong("four"))
            #expect(pong("one") < sasl && sasl < pong("two"), "\(c.transcript)")
            #expect(pong("two") < welcome && welcome < pong("three"))
            #expect(pong("four") < history && history < pong("five"))
            #expect(pong("five") < marker && marker < pong("six"))
        }
    }

    /// Other clients never wait: while one client's request sits in storage, another is
    /// answered at once; the waiting client's later lines are held, then answered in order.
    @Test func otherClientsDoNotWaitForOnesStorage() async throws {
        let gated = NIOLockedValueBox<GatedStorage?>(nil)
        try await withDatabaseServer(wrap: { sqlite in
            let g = GatedStorage(sqlite)
            gated.withLockedValue { $0 = g }
            return g
        }) { db in
            let waiting = try TestClient(port: db.port)
            try waiting.register("Proto")
            let other = try TestClient(port: db.port)
            try other.register("Azuma")
            waiting.sendRaw(Array("REGISTER * * batou-dog\r\nPING held\r\n".utf8))
            // The other client is answered while the REGISTER is stuck in storage.
            _ = try other.sync("free")
            // The waiting one gets nothing yet: its PING is held behind the REGISTER.
            #expect(throws: Loopback.Failure.self) { try waiting.readLine(timeout: 0.3) }
            gated.withLockedValue { $0 }?.open()
            let seen = try waiting.read(until: { $0.command == "PONG" && $0.parameters.last == "held" })
            #expect(seen.contains { $0.command == "REGISTER" && $0.parameters.first == "SUCCESS" }, "\(waiting.transcript)")
        }
    }

    /// Held lines are bounded: they count against the flood queue, and a client that
    /// keeps sending while its request waits is dropped with "Excess Flood".
    @Test func heldLinesCountAgainstTheFloodQueue() async throws {
        let gated = NIOLockedValueBox<GatedStorage?>(nil)
        try await withDatabaseServer(configure: { $0.floodMaxQueuedLines = 10 }, wrap: { sqlite in
            let g = GatedStorage(sqlite)
            gated.withLockedValue { $0 = g }
            return g
        }) { db in
            let c = try TestClient(port: db.port)
            try c.register("Tachikoma")
            let pings = (0..<20).map { "PING p\($0)\r\n" }.joined()
            c.sendRaw(Array(("REGISTER * * spider-tank\r\n" + pings).utf8))
            let lines = try c.readUntilClosed()
            gated.withLockedValue { $0 }?.open()
            #expect(lines.contains { $0.hasPrefix("ERROR") && $0.contains("Excess Flood") }, "\(lines)")
            #expect(!lines.contains { $0.contains("PONG") })
        }
    }
}
