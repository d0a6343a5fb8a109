import IRCProtocol
import NIOConcurrencyHelpers
import ServerCore
import ServerNIO
import TerminalHarness
import Testing

/// A storage that records the texts of each history transaction, in order, and whether a
/// transaction had committed when each of its texts was asked about.
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
            let alice = try TestClient(port: db.port)
            try alice.register("Alice")
            let bob = try TestClient(port: db.port)
            try bob.register("Bob")
            for c in [alice, bob] {
                c.send("JOIN #turn")
                try c.expect("366")
            }
            try alice.read(until: { $0.command == "JOIN" && $0.source?.name == "Bob" })
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
            let alice = try TestClient(port: db.port)
            try alice.register("Alice")
            let bob = try TestClient(port: db.port)
            try bob.register("Bob")
            for c in [alice, bob] {
                c.send("JOIN #turn")
                try c.expect("366")
            }
            try alice.read(until: { $0.command == "JOIN" && $0.source?.name == "Bob" })
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
