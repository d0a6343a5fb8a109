import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import IRCProtocol
import NIOConcurrencyHelpers
import ServerCore
import ServerNIO
import TerminalHarness
import Testing

/// The history transactions a server ran, in order: the texts of each, recorded by a
/// storage wrapper once the transaction's `append` has returned (committed).
final class TransactionLog: Sendable {
    private let transactions = NIOLockedValueBox<[[String]]>([])

    var all: [[String]] { transactions.withLockedValue { $0 } }
    func record(_ texts: [String]) { transactions.withLockedValue { $0.append(texts) } }
    func clear() { transactions.withLockedValue { $0.removeAll() } }

    /// Wraps a storage so that every `append` (one transaction) is recorded once it returns.
    func wrap(_ inner: any ServerStorage) -> any ServerStorage { Recording(inner: inner, log: self) }

    private final class Recording: ServerStorage {
        let inner: any ServerStorage
        let log: TransactionLog
        init(inner: any ServerStorage, log: TransactionLog) {
            self.inner = inner
            self.log = log
        }
        var features: StorageFeatures { inner.features }
        func accountNames() throws -> [String] { try inner.accountNames() }
        func perform(_ request: StorageRequest) throws -> StorageAnswer { try inner.perform(request) }
        func append(_ entries: [HistoryEntry]) throws {
            try inner.append(entries)
            log.record(entries.map(\.text))
        }
    }
}

/// Alice and Bob, registered, both in #turn.
private func twoMembers(_ db: DatabaseServer) throws -> (TestClient, TestClient) {
    let alice = try TestClient(port: db.port)
    try alice.register("Alice")
    let bob = try TestClient(port: db.port)
    try bob.register("Bob")
    for c in [alice, bob] {
        c.send("JOIN #turn")
        try c.expect("366")
    }
    try alice.read(until: { $0.command == "JOIN" && $0.source?.name == "Bob" })
    return (alice, bob)
}

/// Issue 16, item 2: "group commit (one transaction per loop turn for every message that
/// arrived in it, as databases' own group commit does)", "with every message still committed
/// before anyone sees it". Over real TCP and a real SQLite file.
@Suite struct GroupCommitTests {
    /// Lines that arrive in one read are handled in one turn of the event loop, so their
    /// messages go to storage together: one transaction, not the first line alone and the
    /// rest in a second one.
    @Test func messagesReadInOneTurnAreStoredInOneTransaction() async throws {
        let log = TransactionLog()
        try await withDatabaseServer(wrap: { log.wrap($0) }) { db in
            let (alice, bob) = try twoMembers(db)
            log.clear()

            // Ten short messages and a PING in one write (~200 bytes: one read of the socket).
            let texts = (1...10).map { "m\($0)" }
            alice.sendRaw(Array((texts.map { "PRIVMSG #turn :\($0)\r\n" }.joined() + "PING turn\r\n").utf8))
            try alice.read(until: { $0.command == "PONG" && $0.parameters.last == "turn" })
            let seen = try bob.read(until: { $0.command == "PRIVMSG" && $0.parameters.last == "m10" })
            #expect(seen.filter { $0.command == "PRIVMSG" }.map { $0.parameters[1] } == texts)
            #expect(log.all == [texts], "transactions: \(log.all)")
        }
    }

    /// A message is relayed only once its transaction has committed: whatever Bob has seen
    /// is in a transaction the log recorded (after `append` returned) by then.
    @Test func nothingIsSeenBeforeItsTransactionCommitted() async throws {
        let log = TransactionLog()
        try await withDatabaseServer(wrap: { log.wrap($0) }) { db in
            let (alice, bob) = try twoMembers(db)
            for round in 1...20 {
                let texts = (1...(round % 4 + 1)).map { "r\(round)-\($0)" }
                alice.sendRaw(Array(texts.map { "PRIVMSG #turn :\($0)\r\n" }.joined().utf8))
                for text in texts {
                    try bob.read(until: { $0.command == "PRIVMSG" && $0.parameters.last == text })
                    #expect(log.all.joined().contains(text), "\(text) seen before its commit was recorded")
                }
            }
        }
    }
}

/// The commit delay of a busy server (`ServerConfig.historyGroupCommitDelay`): after a
/// transaction of many messages the next one gathers for a moment; after a small one it
/// starts at once. The delays here are long on purpose, so that the test sees what waits.
@Suite struct GroupCommitDelayTests {
    /// After a transaction of ten messages, three sent 50 ms apart share the next one.
    @Test func afterABusyTransactionTheNextOneGathers() async throws {
        let log = TransactionLog()
        try await withDatabaseServer(configure: { $0.historyGroupCommitDelay = 1; $0.historyGroupCommitBusyBatch = 8 },
                                     wrap: { log.wrap($0) }) { db in
            let (alice, bob) = try twoMembers(db)
            log.clear()
            let burst = (1...10).map { "b\($0)" }
            alice.sendRaw(Array(burst.map { "PRIVMSG #turn :\($0)\r\n" }.joined().utf8))
            try bob.read(until: { $0.command == "PRIVMSG" && $0.parameters.last == "b10" })
            for text in ["x", "y", "z"] {
                alice.send("PRIVMSG #turn :\(text)")
                usleep(50_000)
            }
            let seen = try bob.read(until: { $0.command == "PRIVMSG" && $0.parameters.last == "z" })
            #expect(seen.filter { $0.command == "PRIVMSG" }.map { $0.parameters[1] } == ["x", "y", "z"])
            #expect(log.all == [burst, ["x", "y", "z"]], "transactions: \(log.all)")
        }
    }

    /// After a transaction of one message the next starts at once: with a 5 s delay, a
    /// message that waited for it would take 5 s to arrive.
    @Test func afterAQuietTransactionTheNextOneStartsAtOnce() async throws {
        let log = TransactionLog()
        try await withDatabaseServer(configure: { $0.historyGroupCommitDelay = 5; $0.historyGroupCommitBusyBatch = 8 },
                                     wrap: { log.wrap($0) }) { db in
            let (alice, bob) = try twoMembers(db)
            log.clear()
            alice.send("PRIVMSG #turn :first")
            try bob.read(until: { $0.command == "PRIVMSG" && $0.parameters.last == "first" })
            let start = DispatchTime.now().uptimeNanoseconds
            alice.send("PRIVMSG #turn :second")
            try bob.read(until: { $0.command == "PRIVMSG" && $0.parameters.last == "second" })
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            #expect(seconds < 2.5, "the second message took \(seconds) s")
            #expect(log.all == [["first"], ["second"]], "transactions: \(log.all)")
        }
    }
}
