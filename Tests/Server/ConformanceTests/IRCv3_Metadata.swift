import Foundation
import TerminalHarness
import Testing

/// IRCv3 draft/metadata-2 (ircv3.net/specs/extensions/metadata, work in progress: capability
/// `draft/metadata-2`). Where the draft is loose, the behaviour irctest's metadata_2 cases
/// expect (as ergo) is followed and said so.
@Suite struct IRCv3_Metadata {
    static let caps = ["draft/metadata-2", "batch"]

    /// A registered client with the metadata caps.
    static func client(_ server: ServerProcess, _ nick: String, caps: [String] = Self.caps) throws -> LineClient {
        let c = try server.connect()
        try c.register(nick, caps: caps)
        // The registration's own metadata batch follows the MOTD.
        try c.sync()
        return c
    }

    /// The lines inside the first `metadata` batch of `replies` (failing if there is none).
    static func batch(_ replies: [Message]) throws -> [Message] {
        let open = try #require(replies.first { $0.command == "BATCH" && $0.params.count >= 2 && $0.param(1) == "metadata" }, "\(replies)")
        let ref = String(open.param(0).dropFirst())
        #expect(replies.contains { $0.command == "BATCH" && $0.param(0) == "-" + ref }, "batch \(ref) closed")
        return replies.filter { $0.tags["batch"] == ref }
    }

    /// "These are the defined tokens" of the capability value: the server's limits; and
    /// `before-connect` (SET before registration ends).
    @Test func capabilityValueCarriesTheLimits() throws {
        let server = try ServerProcess()
        let c = try server.connect()
        c.send("CAP LS 302")
        let ls = try c.read(until: { $0.command == "CAP" && $0.param(1) == "LS" }).last!
        let entry = try #require(ls.trailing.split(separator: " ").first { $0.hasPrefix("draft/metadata-2") }, "\(ls.trailing)")
        let tokens = Set(entry.dropFirst("draft/metadata-2=".count).split(separator: ",").map(String.init))
        #expect(tokens == ["before-connect", "max-subs=50", "max-keys=20", "max-value-bytes=300"], "\(entry)")
    }

    /// GET: "a metadata batch containing RPL_KEYVALUE, FAIL METADATA KEY_INVALID,
    /// ERR_NOMATCHINGKEY for every key in order"; SET: "responds with one RPL_KEYVALUE event,
    /// representing the new value"; "If the key is valid, but not set, and the client tries
    /// to remove the key, the server responds with ERR_KEYNOTSET". A removal is answered
    /// with 766 (ergo; irctest testSetUnsetUser).
    @Test func getSetListAndRemoveOnOneself() throws {
        let server = try ServerProcess()
        let foo = try Self.client(server, "foo")
        var got = try Self.batch(try foo.exchange("METADATA * GET display-name bad$key avatar"))
        try #require(got.map(\.command) == ["766", "FAIL", "766"], "\(got)")
        #expect(got[0].params.prefix(3) == ["foo", "foo", "display-name"])
        #expect(got[1].params.prefix(3) == ["METADATA", "INVALID_KEY", "bad$key"])
        #expect(got[2].params.prefix(3) == ["foo", "foo", "avatar"])

        #expect(try foo.exchange("METADATA * SET Display-Name :Foo 💜").map(\.params) == [["foo", "foo", "display-name", "*", "Foo 💜"]])
        got = try Self.batch(try foo.exchange("METADATA foo GET display-name"))
        #expect(got.map(\.params) == [["foo", "foo", "display-name", "*", "Foo 💜"]])
        try foo.exchange("METADATA * SET avatar :https://example.org/a.png")
        got = try Self.batch(try foo.exchange("METADATA * LIST"))
        #expect(got.map { $0.param(2) } == ["avatar", "display-name"])

        let removed = try foo.exchange("METADATA * SET display-name")
        #expect(removed.map(\.command) == ["766"] && removed.first?.param(2) == "display-name", "\(removed)")
        #expect(try foo.exchange("METADATA * SET display-name").map(\.command) == ["768"])
        got = try Self.batch(try foo.exchange("METADATA * CLEAR"))
        #expect(got.map(\.params) == [["foo", "foo", "avatar", "*"]], "CLEAR: one RPL_KEYVALUE without a value per key")
        #expect(try Self.batch(try foo.exchange("METADATA * LIST")).isEmpty)
    }

    /// "If the user cannot set keys on the given target, the server responds with FAIL
    /// METADATA KEY_NO_PERMISSION"; "If the target is not valid, ONLY a FAIL METADATA
    /// INVALID_TARGET reply is sent"; a channel's keys are set by its operators.
    @Test func permissionsAndTargets() throws {
        let server = try ServerProcess()
        let foo = try Self.client(server, "foo"), bar = try Self.client(server, "bar")
        try foo.exchange("JOIN #chan")
        try bar.exchange("JOIN #chan")
        try foo.sync()
        #expect(try bar.exchange("METADATA foo SET display-name :Not Foo").map(\.params) == [["METADATA", "KEY_NO_PERMISSION", "foo", "display-name", "Permission denied"]])
        #expect(try bar.exchange("METADATA #chan SET url :x").first?.params.prefix(4) == ["METADATA", "KEY_NO_PERMISSION", "#chan", "url"])
        #expect(try foo.exchange("METADATA #chan SET url :https://example.org").map(\.params) == [["foo", "#chan", "url", "*", "https://example.org"]])
        #expect(try Self.batch(try bar.exchange("METADATA #chan GET url")).map { $0.param(4) } == ["https://example.org"])
        for target in ["nobody", "#nowhere"] {
            let replies = try bar.exchange("METADATA \(target) LIST")
            #expect(replies.map(\.command) == ["FAIL"] && replies[0].params.prefix(3) == ["METADATA", "INVALID_TARGET", target], "\(replies)")
        }
        #expect(try bar.exchange("METADATA * DESTROY").first?.params.prefix(3) == ["METADATA", "INVALID_SUBCOMMAND", "DESTROY"])
        #expect(!(try foo.sync()).has("METADATA"), "nothing relayed for refused changes")
    }

    /// Limits: `max-value-bytes` (irctest assumes 480 bytes are refused), `max-keys`
    /// ("FAIL METADATA LIMIT_REACHED"), invalid UTF-8 ("Values … MUST be encoded using
    /// UTF-8"); a refused change reaches nobody.
    @Test func limitsAndHostileValues() throws {
        let server = try ServerProcess()
        let foo = try Self.client(server, "foo"), bar = try Self.client(server, "bar")
        try bar.exchange("METADATA * SUB display-name", "JOIN #chan")
        try foo.exchange("JOIN #chan")
        try bar.sync()
        let tooLong = try foo.exchange("METADATA * SET display-name :" + String(repeating: "abcd", count: 120))
        #expect(tooLong.map(\.command) == ["FAIL"] && tooLong[0].param(1) == "VALUE_INVALID", "\(tooLong)")
        foo.sendRaw(Array("METADATA * SET display-name :bad ->".utf8) + [0xC3] + Array("<-\r\n".utf8))
        let invalid = try foo.sync()
        #expect(invalid.map(\.command) == ["FAIL"] && invalid[0].param(1) == "INVALID_UTF8", "\(invalid)")
        for i in 0..<20 { try foo.exchange("METADATA * SET key\(i) :\(i)") }
        let full = try foo.exchange("METADATA * SET key20 :20")
        #expect(full.map(\.command) == ["FAIL"] && full[0].params.prefix(3) == ["METADATA", "LIMIT_REACHED", "foo"], "\(full)")
        #expect(try foo.exchange("METADATA * SET key3 :changed").first?.command == "761", "changing a key at the limit is fine")
        #expect(!(try bar.sync()).has("METADATA"))
    }

    /// SUB: "The server MUST process each key in order"; the `<key>` of TOO_MANY_SUBS "MUST
    /// be this first key that the client could not subscribe to"; a key already subscribed
    /// to still appears in RPL_METADATASUBOK; SUBS "MUST NOT list the same key multiple
    /// times"; UNSUB answers every valid key. Keys are separate parameters (irctest).
    @Test func subscriptions() throws {
        let server = try ServerProcess()
        let c = try Self.client(server, "subber")
        let first = try c.exchange("METADATA * SUB avatar bad$ display-name avatar")
        #expect(first.with("770").flatMap { $0.params.dropFirst() } == ["avatar", "display-name"], "\(first)")
        #expect(first.with("FAIL").map { $0.param(2) } == ["bad$"])
        let keys = (0..<60).map { "k\($0)" }
        let many = try c.exchange("METADATA * SUB " + keys.joined(separator: " "))
        let tooMany = try #require(many.with("FAIL").first)
        #expect(tooMany.params.prefix(3) == ["METADATA", "TOO_MANY_SUBS", "k48"], "50 subscriptions at most: \(tooMany)")
        #expect(many.with("770").flatMap { $0.params.dropFirst() } == Array(keys.prefix(48)))
        let subs = try c.exchange("METADATA * SUBS").with("772").flatMap { $0.params.dropFirst() }
        #expect(subs.count == 50 && Set(subs).count == 50 && subs.contains("avatar"))
        let unsub = try c.exchange("METADATA * UNSUB avatar nothing-here")
        #expect(unsub.with("771").flatMap { $0.params.dropFirst() } == ["avatar", "nothing-here"])
        #expect(try c.exchange("METADATA * SUBS").with("772").flatMap { $0.params.dropFirst() }.count == 49)
    }

    /// "When a user's metadata is updated, all users sharing a channel with that user …
    /// will receive a METADATA message" for keys they subscribed to (not others, nor users
    /// sharing no channel); "On joining a channel, users will get the channel's current
    /// metadata … and the same information for all users who are in the channel"; SYNC sends
    /// the subscribed keys of a channel and its members.
    @Test func notificationsJoinAndSync() throws {
        let server = try ServerProcess()
        let foo = try Self.client(server, "foo")
        let bar = try Self.client(server, "bar"), plain = try Self.client(server, "plain"), far = try Self.client(server, "far")
        try bar.exchange("METADATA * SUB display-name")
        try far.exchange("METADATA * SUB display-name")
        try foo.exchange("JOIN #chan", "METADATA * SET display-name :Foo The First", "METADATA #chan SET display-name :The Channel")
        #expect(!(try bar.sync()).has("METADATA"), "not sharing a channel yet")
        let joined = try bar.exchange("JOIN #chan").with("METADATA").map(\.params)
        #expect(Set(joined) == [["#chan", "display-name", "*", "The Channel"], ["foo", "display-name", "*", "Foo The First"]], "\(joined)")
        try plain.exchange("JOIN #chan")

        try foo.exchange("METADATA * SET display-name :Foo The Second", "METADATA * SET avatar :a.png")
        #expect(try bar.read(until: { $0.command == "METADATA" }).last?.params == ["foo", "display-name", "*", "Foo The Second"])
        #expect(!(try bar.sync()).has("METADATA"), "avatar is not subscribed to")
        #expect(!(try plain.sync()).has("METADATA"), "no subscription")
        #expect(!(try far.sync()).has("METADATA"), "no shared channel")
        #expect(!(try foo.sync()).has("METADATA"), "excluding changes they make themselves")
        try foo.exchange("METADATA * SET display-name")
        #expect(try bar.read(until: { $0.command == "METADATA" }).last?.params == ["foo", "display-name", "*"], "a removal has no value")

        let sync = try Self.batch(try bar.exchange("METADATA #chan SYNC")).map(\.params)
        #expect(sync == [["#chan", "display-name", "*", "The Channel"]], "\(sync)")
    }

    /// Before registration (`before-connect`) a client may SET its own keys; "Upon
    /// requesting the capability, clients receive their non-transient metadata … in a
    /// metadata batch with their own nick as target. If none exists, the server MUST send an
    /// empty batch instead." A logged-in user's keys are kept with the account (SQLite) and
    /// come back in that batch on the next connection.
    @Test func beforeConnectAndStoredWithTheAccount() throws {
        let server = try Fixture.server(accounts: ["keeper"])
        let anonymous = try server.connect()
        anonymous.send("CAP LS 302")
        anonymous.send("CAP REQ :draft/metadata-2 batch")
        try anonymous.read(until: { $0.command == "CAP" && $0.param(1) == "ACK" })
        #expect(try anonymous.exchange("METADATA * SET display-name :Early").map(\.params) == [["*", "*", "display-name", "*", "Early"]])
        anonymous.send("NICK early")
        anonymous.send("USER u 0 * :Early")
        anonymous.send("CAP END")
        let burst = try anonymous.read(until: { $0.command == "376" }) + (try anonymous.sync())
        #expect(try Self.batch(burst).map(\.params) == [["early", "display-name", "*", "Early"]])

        let first = try server.connect()
        let welcome = try first.register("keeper", caps: Self.caps, login: ("keeper", "pw-keeper-secret"))
        #expect(try Self.batch(welcome + (try first.sync())).isEmpty, "an empty batch when there is nothing")
        try first.exchange("METADATA * SET tachikoma.pet :v1 tank 210")
        first.send("QUIT")
        _ = try first.readUntilClosed()
        let again = try server.connect()
        let burstAgain = try again.register("keeper", caps: Self.caps, login: ("keeper", "pw-keeper-secret")) + (try again.sync())
        #expect(try Self.batch(burstAgain).map(\.params) == [["keeper", "tachikoma.pet", "*", "v1 tank 210"]])
    }
}
