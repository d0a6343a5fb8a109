import Foundation
import Synchronization
import IRCProtocol
import SCRAM
import SCRAMCrypto
import ServerCore
import ServerStorageEngine
import Testing

/// The storage contract: every behaviour of `ServerStorage` the core relies on, run
/// unchanged against each engine (SQLite, and PostgreSQL on the tests' private cluster).
@Suite struct StorageContractTests {
    /// Runs `body` on a fresh database of `engine`, closing and removing it after.
    func with(_ engine: Engine, caseMapping: CaseMapping = .rfc1459,
              _ body: (any ContractStorage, Engine.Database) throws -> Void) throws {
        let db = try engine.makeDatabase()
        defer { db.remove() }
        let storage = try db.open(caseMapping: caseMapping)
        defer { db.close(storage) }
        try body(storage, db)
    }

    func entry(_ id: String, _ ms: Int64, _ conversation: String = "#chan", command: String = "PRIVMSG", text: String? = nil,
               account: String? = nil, target: String? = nil, tags: [IRCTag] = []) -> HistoryEntry {
        HistoryEntry(msgid: id, time: ServerInstant(milliseconds: ms), source: "aoi!a@h", account: account,
                     target: target ?? conversation, command: command, text: text ?? "text \(id)", conversation: conversation,
                     clientTags: tags)
    }

    func ids(_ answer: StorageAnswer) -> [String] {
        guard case .entries(let e) = answer else { return ["not entries: \(answer)"] }
        return e.map(\.msgid)
    }

    /// One SCRAM exchange through `perform`, as the core drives it: the verdict, and whether
    /// the server's signature checked out on the client side.
    func scram(_ storage: any ContractStorage, _ name: String, _ password: String) throws -> (StorageAnswer, Bool) {
        var client = ScramClient(username: name, password: password)
        guard case .scramChallenge(let salt, let iterations, let serverNonce) = try storage.perform(.scramChallenge(account: name))
        else { throw ScramError.malformed }
        let serverFirst = ServerFirstMessage(nonce: client.first.nonce + serverNonce, salt: salt, iterations: iterations)
        let final = try ClientFinalMessage(parsing: client.respond(to: serverFirst.text))
        let authMessage = try final.authMessage(clientFirst: client.first, serverFirst: serverFirst)
        let answer = try storage.perform(.scramVerify(account: name, authMessage: authMessage, proof: final.proof))
        guard case .scramVerified(_, let signature) = answer else { return (answer, false) }
        return (answer, client.verify(ServerFinalMessage.verifier(signature).text))
    }

    // MARK: Accounts

    @Test(arguments: Engine.all) func registerFoldsNamesAndLoginTellsWhy(_ engine: Engine) throws {
        try with(engine) { s, _ throws in
            #expect(s.features == StorageFeatures(accounts: true, history: true))
            #expect(try s.accountNames() == [])
            #expect(try s.perform(.register(account: "Aoi[1]", password: "laughing-man")) == .loggedIn(account: "Aoi[1]"))
            // rfc1459 folding: case, and [ ] are the upper case of { }.
            #expect(try s.perform(.register(account: "aoi{1}", password: "other-pass")) == .refused(reason: "exists"))
            #expect(try s.perform(.register(account: "AOI[1]", password: "other-pass")) == .refused(reason: "exists"))
            #expect(try s.accountNames() == ["aoi{1}"])
            #expect(try s.accountCount() == 1)
            #expect(try s.perform(.login(account: "aoi{1}", password: "laughing-man")) == .loggedIn(account: "Aoi[1]"))
            #expect(try s.perform(.login(account: "aoi{1}", password: "crying-man")) == .refused(reason: "password"))
            #expect(try s.perform(.login(account: "batou", password: "laughing-man")) == .refused(reason: "unknown"))
            #expect(try s.addAccount("Batou", password: "gorilla-arms"))
            #expect(try !s.addAccount("BATOU", password: "x-gorilla-arms"))
            #expect(Set(try s.accountNames()) == ["aoi{1}", "batou"])
        }
    }

    @Test(arguments: Engine.all) func asciiCaseMappingKeepsBracketsApart(_ engine: Engine) throws {
        try with(engine, caseMapping: .ascii) { s, _ throws in
            #expect(try s.addAccount("Aoi[1]", password: "laughing-man"))
            #expect(try s.addAccount("aoi{1}", password: "laughing-man"))
            #expect(Set(try s.accountNames()) == ["aoi[1]", "aoi{1}"])
        }
    }

    @Test(arguments: Engine.all) func passwordChangeAndDeletion(_ engine: Engine) throws {
        try with(engine) { s, _ throws in
            #expect(try s.addAccount("Togusa", password: "mateba-1"))
            #expect(try s.setPassword("TOGUSA", password: "mateba-2"))
            #expect(try !s.setPassword("nobody", password: "mateba-2"))
            #expect(try s.perform(.login(account: "togusa", password: "mateba-1")) == .refused(reason: "password"))
            #expect(try s.perform(.login(account: "togusa", password: "mateba-2")) == .loggedIn(account: "Togusa"))
            #expect(try scram(s, "togusa", "mateba-2").1)
            _ = try s.perform(.setReadMarker(account: "togusa", target: "#sec9", time: ServerInstant(milliseconds: 5)))
            #expect(try s.deleteAccount("Togusa"))
            #expect(try !s.deleteAccount("Togusa"))
            #expect(try s.perform(.login(account: "togusa", password: "mateba-2")) == .refused(reason: "unknown"))
            // Its read markers go with it.
            #expect(try s.perform(.readMarker(account: "togusa", target: "#sec9")) == .marker(nil))
            #expect(try s.accountNames() == [])
        }
    }

    // MARK: SCRAM

    @Test(arguments: Engine.all) func scramVerifiesRealKeysAndHidesUnknownNames(_ engine: Engine) throws {
        try with(engine) { s, db throws in
            #expect(try s.addAccount("Aoi", password: "laughing-man"))
            let keys = try #require(try s.scramKeys("aoi"))
            #expect(keys.iterations == 4096 && keys.salt.count == 16 && keys.storedKey.count == 32 && keys.serverKey.count == 32)
            let (answer, serverProved) = try scram(s, "aoi", "laughing-man")
            guard case .scramVerified(let account, _) = answer else {
                Issue.record("SCRAM refused: \(answer)")
                return
            }
            #expect(account == "Aoi")
            #expect(serverProved)
            #expect(try scram(s, "aoi", "crying-man").0 == .refused(reason: "password"))
            #expect(try scram(s, "nobody", "laughing-man").0 == .refused(reason: "password"))
            // An unknown name gets a decoy salt: the same at every try, different per name,
            // and the same after a restart (the secret is stored).
            guard case .scramChallenge(let salt1, let it1, let nonce1) = try s.perform(.scramChallenge(account: "nobody")),
                  case .scramChallenge(let salt2, _, let nonce2) = try s.perform(.scramChallenge(account: "nobody")),
                  case .scramChallenge(let other, _, _) = try s.perform(.scramChallenge(account: "someone")),
                  case .scramChallenge(let real, _, _) = try s.perform(.scramChallenge(account: "aoi"))
            else {
                Issue.record("no challenge")
                return
            }
            #expect(salt1 == salt2 && salt1 != other && real == keys.salt)
            #expect(salt1 == s.decoyKeys("nobody").salt && it1 == 4096)
            #expect(nonce1 != nonce2 && !nonce1.contains(","))
            let again = try db.open()
            defer { db.close(again) }
            guard case .scramChallenge(let salt3, _, _) = try again.perform(.scramChallenge(account: "nobody")) else {
                Issue.record("no challenge after reopening")
                return
            }
            #expect(salt3 == salt1)
        }
    }

    // MARK: History

    /// #chan: m1..m6, m3 and m4 in the same millisecond, t1 a TAGMSG; plus a private conversation.
    func fillHistory(_ s: any ContractStorage) throws {
        try s.append([
            entry("m1", 1000), entry("m2", 2000), entry("m3", 3000), entry("m4", 3000),
            entry("t1", 3500, command: "TAGMSG", text: "", tags: [IRCTag(key: "+react", value: "👍 a;b\\c")]),
            entry("m5", 4000, account: "aoi"), entry("m6", 5000, command: "NOTICE"),
            entry("p1", 2500, "aoi batou", account: "aoi", target: "Batou"),
        ])
    }

    @Test(arguments: Engine.all) func historySelectionsKeepOrderAndLimits(_ engine: Engine) throws {
        try with(engine) { s, _ throws in
            try fillHistory(s)
            #expect(try s.messageCount() == 8)
            func q(_ kind: HistoryQuery.Kind, _ start: HistoryAnchor, _ end: HistoryAnchor = .none, _ limit: Int = 100,
                   messagesOnly: Bool = false) throws -> [String] {
                ids(try s.perform(.history(HistoryQuery(kind: kind, conversation: "#chan", start: start, end: end, limit: limit,
                                                        messagesOnly: messagesOnly))))
            }
            let t = { (ms: Int64) in HistoryAnchor.time(ServerInstant(milliseconds: ms)) }
            #expect(try q(.latest, .none) == ["m1", "m2", "m3", "m4", "t1", "m5", "m6"])
            #expect(try q(.latest, .none, .none, 3) == ["t1", "m5", "m6"])
            #expect(try q(.latest, .none, .none, 3, messagesOnly: true) == ["m4", "m5", "m6"])
            #expect(try q(.latest, t(3000)) == ["t1", "m5", "m6"])
            #expect(try q(.latest, .msgid("m3")) == ["m4", "t1", "m5", "m6"])
            #expect(try q(.before, t(3000)) == ["m1", "m2"])
            #expect(try q(.before, .msgid("m4"), .none, 2) == ["m2", "m3"])
            #expect(try q(.after, t(3000), .none, 2) == ["t1", "m5"])
            #expect(try q(.after, .msgid("m3")) == ["m4", "t1", "m5", "m6"])
            #expect(try q(.after, .msgid("p1")) == [], "a msgid of another conversation is no anchor")
            #expect(try q(.after, .msgid("nope")) == [])
            #expect(try q(.around, .msgid("m4"), .none, 4) == ["m2", "m3", "m4", "t1"])
            #expect(try q(.around, t(3000), .none, 3) == ["m2", "m3", "m4"])
            #expect(try q(.around, .msgid("m1"), .none, 1) == ["m1"])
            #expect(try q(.between, t(1000), t(4000)) == ["m2", "m3", "m4", "t1"])
            #expect(try q(.between, t(1000), t(4000), 2) == ["m2", "m3"])
            #expect(try q(.between, t(4000), t(1000), 2) == ["m4", "t1"], "reversed: those nearest the first anchor")
            #expect(try q(.between, .msgid("m2"), .msgid("m5"), 100, messagesOnly: true) == ["m3", "m4"])
            #expect(try q(.between, .msgid("m2"), .msgid("nope")) == [])
            let pm = try s.perform(.history(HistoryQuery(kind: .latest, conversation: "aoi batou", start: .none, limit: 10)))
            guard case .entries(let rows) = pm, let p1 = rows.first else {
                Issue.record("no private history: \(pm)")
                return
            }
            #expect(rows.count == 1)
            #expect(p1 == entry("p1", 2500, "aoi batou", account: "aoi", target: "Batou"))
        }
    }

    @Test(arguments: Engine.all) func entriesComeBackAsStored(_ engine: Engine) throws {
        try with(engine) { s, _ throws in
            try fillHistory(s)
            let answer = try s.perform(.history(HistoryQuery(kind: .latest, conversation: "#chan", start: .none, limit: 100)))
            guard case .entries(let rows) = answer else {
                Issue.record("\(answer)")
                return
            }
            #expect(rows.first { $0.msgid == "t1" } == entry("t1", 3500, command: "TAGMSG", text: "",
                                                              tags: [IRCTag(key: "+react", value: "👍 a;b\\c")]))
            #expect(rows.first { $0.msgid == "m5" }?.account == "aoi")
            #expect(rows.first { $0.msgid == "m1" }?.account == nil)
            // Text the database must keep byte for byte: quotes, backslashes, non-ASCII, long.
            let odd = "it's \"quoted\" \\ 日本語 🐙 " + String(repeating: "x", count: 400)
            try s.append([entry("o1", 9000, "#odd", text: odd)])
            #expect(ids(try s.perform(.history(HistoryQuery(kind: .latest, conversation: "#odd", start: .none, limit: 5)))) == ["o1"])
            guard case .entries(let o) = try s.perform(.history(HistoryQuery(kind: .latest, conversation: "#odd", start: .none, limit: 5)))
            else { return }
            #expect(o.first?.text == odd)
            try s.append([])
            #expect(try s.messageCount() == 9)
        }
    }

    @Test(arguments: Engine.all) func targetsInTheWindowOldestFirst(_ engine: Engine) throws {
        try with(engine) { s, _ throws in
            try s.append([
                entry("a", 1000, "aoi batou"), entry("b", 2000, "aoi cat"), entry("c", 3000, "#one"),
                entry("d", 4000, "aoi batou"), entry("e", 5000, "#two"), entry("f", 6000, "#two", command: "TOPIC"),
                entry("g", 7000, "batou cat"),
            ])
            func targets(_ account: String?, _ channels: [String], _ from: Int64, _ to: Int64, _ limit: Int) throws -> [String] {
                let answer = try s.perform(.targets(account: account, channels: channels, from: ServerInstant(milliseconds: from),
                                                    to: ServerInstant(milliseconds: to), limit: limit))
                guard case .targets(let t) = answer else { return ["\(answer)"] }
                return t.map { "\($0.name)@\($0.latest.milliseconds)" }
            }
            #expect(try targets("aoi", ["#one", "#two", "#none"], 0, 10_000, 10) == ["cat@2000", "#one@3000", "batou@4000", "#two@5000"])
            #expect(try targets("aoi", ["#one", "#two"], 0, 10_000, 2) == ["cat@2000", "#one@3000"])
            #expect(try targets("aoi", ["#one", "#two"], 10_000, 0, 2) == ["batou@4000", "#two@5000"])
            // Strictly inside the window, by the latest message only.
            #expect(try targets("aoi", ["#one", "#two"], 2000, 5000, 10) == ["#one@3000", "batou@4000"])
            #expect(try targets(nil, ["#one"], 0, 10_000, 10) == ["#one@3000"])
            #expect(try targets("batou", [], 0, 10_000, 10) == ["aoi@4000", "cat@7000"])
        }
    }

    /// Most stored messages are channel messages, which have no participants: the indexes
    /// that TARGETS looks participants up in hold private messages only (a channel message
    /// must not cost them an insert), and TARGETS' lookup still goes through both.
    @Test(arguments: Engine.all) func participantIndexesHoldPrivateMessagesOnly(_ engine: Engine) throws {
        try with(engine) { s, db throws in
            try s.append((0..<40).map { entry("c\($0)", Int64($0), "#chan") }
                + [entry("p1", 100, "aoi batou"), entry("p2", 101, "batou cat"), entry("p3", 102, "aoi cat")])
            #expect(try db.participantIndexEntries() == [3, 3])
            let plan = try db.participantLookupPlan()
            for index in Engine.Database.participantIndexes {
                #expect(plan.contains(index), "TARGETS' lookup does not use \(index):\n\(plan)")
            }
            #expect(try s.messageCount() == 43)
        }
    }

    // MARK: Read markers and metadata

    @Test(arguments: Engine.all) func readMarkersNeverMoveBack(_ engine: Engine) throws {
        try with(engine) { s, db throws in
            let ms = { (v: Int64) in ServerInstant(milliseconds: v) }
            #expect(try s.perform(.readMarker(account: "aoi", target: "#chan")) == .marker(nil))
            #expect(try s.perform(.setReadMarker(account: "aoi", target: "#chan", time: ms(100))) == .marker(ms(100)))
            #expect(try s.perform(.setReadMarker(account: "aoi", target: "#chan", time: ms(50))) == .marker(ms(100)))
            #expect(try s.perform(.setReadMarker(account: "aoi", target: "#chan", time: ms(200))) == .marker(ms(200)))
            #expect(try s.perform(.setReadMarker(account: "aoi", target: "batou", time: ms(7))) == .marker(ms(7)))
            #expect(try s.perform(.readMarker(account: "aoi", target: "#chan")) == .marker(ms(200)))
            #expect(try s.perform(.readMarker(account: "batou", target: "#chan")) == .marker(nil))
            let again = try db.open()
            defer { db.close(again) }
            #expect(try again.perform(.readMarker(account: "aoi", target: "#chan")) == .marker(ms(200)))
        }
    }

    @Test(arguments: Engine.all) func metadataIsReplacedWhole(_ engine: Engine) throws {
        try with(engine) { s, db throws in
            #expect(try s.perform(.metadata(account: "aoi")) == .metadata([:]))
            #expect(try s.perform(.replaceMetadata(account: "aoi", values: ["avatar": "🐙", "color": "#ff0000"]))
                == .metadata(["avatar": "🐙", "color": "#ff0000"]))
            #expect(try s.perform(.replaceMetadata(account: "batou", values: ["color": "blue"])) == .metadata(["color": "blue"]))
            #expect(try s.perform(.replaceMetadata(account: "aoi", values: ["look": "v1 tachikoma"]))
                == .metadata(["look": "v1 tachikoma"]))
            #expect(try s.perform(.replaceMetadata(account: "batou", values: [:])) == .metadata([:]))
            let again = try db.open()
            defer { db.close(again) }
            #expect(try again.perform(.metadata(account: "aoi")) == .metadata(["look": "v1 tachikoma"]))
        }
    }

    // MARK: Restart

    @Test(arguments: Engine.all) func everythingSurvivesAReopen(_ engine: Engine) throws {
        try with(engine) { s, db throws in
            #expect(try s.addAccount("Aoi", password: "laughing-man"))
            try fillHistory(s)
            db.close(s)
            let again = try db.open()
            defer { db.close(again) }
            #expect(try again.accountNames() == ["aoi"])
            #expect(try again.perform(.login(account: "aoi", password: "laughing-man")) == .loggedIn(account: "Aoi"))
            #expect(try scram(again, "aoi", "laughing-man").1)
            #expect(try again.messageCount() == 8)
            #expect(ids(try again.perform(.history(HistoryQuery(kind: .latest, conversation: "#chan", start: .none, limit: 2))))
                == ["m5", "m6"])
        }
    }

    // MARK: Concurrency

    /// The server calls storage from a concurrent Dispatch queue: more callers than the
    /// PostgreSQL adapter has connections wait their turn, and nothing is lost or mixed up.
    @Test(arguments: Engine.all) func concurrentCallersAreAllServed(_ engine: Engine) throws {
        try with(engine) { s, _ throws in
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 24) { i in
                do {
                    try s.append([entry("c\(i)", 1000 + Int64(i), "#busy")])
                    _ = try s.perform(.setReadMarker(account: "aoi", target: "#busy", time: ServerInstant(milliseconds: Int64(i))))
                    _ = try s.perform(.history(HistoryQuery(kind: .latest, conversation: "#busy", start: .none, limit: 5)))
                } catch {
                    failures.withLock { $0.append("\(i): \(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            #expect(ids(try s.perform(.history(HistoryQuery(kind: .latest, conversation: "#busy", start: .none, limit: 100))))
                == (0..<24).map { "c\($0)" })
            #expect(try s.perform(.readMarker(account: "aoi", target: "#busy")) == .marker(ServerInstant(milliseconds: 23)))
        }
    }

    // MARK: Upgrade

    /// A database made before SCRAM (schema v1 only, as an older server left it) upgraded in
    /// place: its accounts keep PLAIN, have no SCRAM keys until a PLAIN login, then have them.
    @Test(arguments: Engine.all) func aVersionOneDatabaseGainsScramAtTheNextPlainLogin(_ engine: Engine) throws {
        let (db, hadNoScramColumns) = try engine.makeVersionOneDatabase(folded: "aoi", name: "Aoi",
                                                                       hash: try Engine.hasher.hash("laughing-man"))
        defer { db.remove() }
        #expect(hadNoScramColumns)
        let storage = try db.open()
        defer { db.close(storage) }
        #expect(try storage.accountNames() == ["aoi"])
        // No keys yet: the challenge is the decoy one, the proof fails like a wrong password.
        guard case .scramChallenge(let salt, _, _) = try storage.perform(.scramChallenge(account: "aoi")) else {
            Issue.record("no challenge")
            return
        }
        #expect(salt == storage.decoyKeys("aoi").salt)
        #expect(try scram(storage, "aoi", "laughing-man").0 == .refused(reason: "password"))
        // A wrong PLAIN password makes no keys; the right one does.
        #expect(try storage.perform(.login(account: "aoi", password: "crying-man")) == .refused(reason: "password"))
        #expect(try storage.scramKeys("aoi") == nil)
        #expect(try storage.perform(.login(account: "aoi", password: "laughing-man")) == .loggedIn(account: "Aoi"))
        let keys = try #require(try storage.scramKeys("aoi"))
        #expect(keys.iterations == 4096 && keys.salt.count == 16 && keys.storedKey.count == 32 && keys.serverKey.count == 32)
        let (answer, serverProved) = try scram(storage, "aoi", "laughing-man")
        guard case .scramVerified(let account, _) = answer else {
            Issue.record("SCRAM refused after the PLAIN login: \(answer)")
            return
        }
        #expect(account == "Aoi")
        #expect(serverProved)
        #expect(try scram(storage, "aoi", "crying-man").0 == .refused(reason: "password"))
        // Neither the password nor SaltedPassword is stored anywhere in the row.
        let salted = try ScramKeys.saltedPassword("laughing-man", salt: keys.salt, iterations: keys.iterations)
        let row = try db.accountRow("aoi")
        #expect(row.contains(Data(keys.storedKey)), "the row is read whole")
        for bytes in row {
            #expect(bytes != Data(salted))
            #expect(bytes.range(of: Data("laughing-man".utf8)) == nil)
        }
    }
}
