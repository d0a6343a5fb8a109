import ChatCore
import IRCProtocol
import Testing

/// Pets' looks over draft/metadata-2 and visits over a client-tagged TAGMSG (issue 15,
/// item 1), driven with recorded server lines.
@Suite struct LooksAndVisitsTests {
    static let caps = "batch message-tags server-time draft/metadata-2"

    static func session(look: PetLook? = PetLook(skin: "tank", hue: 200)) -> SessionDriver {
        var config = ChatConfig(nick: "motoko")
        config.look = look
        var d = SessionDriver(config)
        d.register(caps: caps)
        return d
    }

    @Test func theLookIsPublishedAndSubscribedToOnlyWhereMetadataIsOffered() {
        var d = Self.session()
        let sent = d.takeSent()
        #expect(sent.contains("METADATA * SUB tachikoma.pet"))
        #expect(sent.contains("METADATA * SET tachikoma.pet :1 tank 200"))

        var config = ChatConfig(nick: "plain")
        config.look = PetLook(skin: "tank", hue: 10)
        var old = SessionDriver(config)
        old.register(caps: "batch message-tags server-time")
        #expect(!old.takeSent().contains { $0.hasPrefix("METADATA") }, "a server without metadata-2 hears nothing of looks")
    }

    /// "users will get the channel's current metadata … for the keys they are subscribed to"
    /// on JOIN: a subscription sent after the JOIN misses the looks of everyone already in the
    /// room (CI caught two pets that never saw each other). Subscribe and publish first.
    @Test func subscriptionAndOwnLookGoOutBeforeTheJoin() {
        var d = Self.session()
        let sent = d.takeSent()
        let sub = sent.firstIndex(of: "METADATA * SUB tachikoma.pet")
        let set = sent.firstIndex { $0.hasPrefix("METADATA * SET tachikoma.pet") }
        let join = sent.firstIndex { $0.hasPrefix("JOIN ") }
        #expect(sub != nil && set != nil && join != nil, "\(sent)")
        if let sub, let set, let join {
            #expect(sub < join && set < join, "\(sent)")
        }
    }

    /// The server's confirmation of our subscription (RPL_METADATASUBOK) is no news to the
    /// user: CI showed a bare "tachikoma.pet" line in the server buffer.
    @Test func subscriptionConfirmationsAreNotShown() {
        var d = Self.session()
        let before = d.session.buffers.map(\.lines.count)
        d.server(":srv 770 motoko :tachikoma.pet", ":srv 772 motoko :tachikoma.pet", ":srv 771 motoko :tachikoma.pet")
        #expect(d.session.buffers.map(\.lines.count) == before)
    }

    /// A new skin while online is published at once, and used at the next connection; no
    /// SET goes to a server without metadata-2, and an unchanged look sends nothing.
    @Test func aChangedLookIsPublishedNowAndAtEveryConnection() {
        var d = Self.session()
        _ = d.takeSent()
        d.handle(.intent(.look(PetLook(skin: "tank", hue: 200))))
        #expect(d.takeSent().isEmpty, "unchanged")
        d.handle(.intent(.look(PetLook(skin: "cat", hue: 12))))
        #expect(d.takeSent() == ["METADATA * SET tachikoma.pet :1 cat 12"])
        d.handle(.disconnected(reason: "reset"))
        d.register(caps: Self.caps)
        #expect(d.takeSent().contains("METADATA * SET tachikoma.pet :1 cat 12"), "the next connection publishes the new look")

        var plain = SessionDriver(ChatConfig(nick: "plain"))
        plain.register(caps: "batch message-tags")
        _ = plain.takeSent()
        plain.handle(.intent(.look(PetLook(skin: "cat", hue: 12))))
        #expect(plain.takeSent().isEmpty)
    }

    @Test func looksAreLearnedAndHostileValuesIgnored() {
        var d = Self.session()
        d.server(":srv METADATA batou tachikoma.pet * :1 tank 120")
        #expect(d.session.look(of: "Batou") == PetLook(skin: "tank", hue: 120))
        let hostile = ["2 tank 120", "1 Tank 120", "1 tank 999", "1 tank -1", "1 tank", "1 tank 12 extra", "1 ../../etc 5",
                       "1 " + String(repeating: "a", count: 300) + " 5", "1 tank ١٢", ""]
        for value in hostile {
            d.server(":srv METADATA batou tachikoma.pet * :1 tank 120", ":srv METADATA batou tachikoma.pet * :\(value)")
            #expect(d.session.look(of: "batou") == nil, "\(value)")
        }
        d.server(":srv METADATA #chan tachikoma.pet * :1 tank 5", ":srv METADATA togusa other-key * :1 tank 5")
        #expect(d.session.look(of: "#chan") == nil && d.session.look(of: "togusa") == nil)
        d.server(":srv METADATA batou tachikoma.pet * :1 tank 7", ":srv METADATA batou tachikoma.pet *")
        #expect(d.session.look(of: "batou") == nil, "a removed key forgets the look")
    }

    @Test func aVisitToUsIsAnnouncedWithTheVisitorsLook() {
        var d = Self.session()
        d.server(":srv METADATA batou tachikoma.pet * :1 tank 120",
                 "@+tachikoma.chat/visit :batou!b@h TAGMSG motoko")
        #expect(d.notices.last == .visit(from: "batou", look: PetLook(skin: "tank", hue: 120)))

        // Unknown look: asked for first, announced with the answer (or without a look).
        _ = d.takeSent()
        d.server("@+tachikoma.chat/visit :togusa!t@h TAGMSG motoko")
        #expect(d.takeSent() == ["METADATA togusa GET tachikoma.pet"])
        #expect(!d.notices.contains { if case .visit(from: "togusa", _) = $0 { true } else { false } })
        d.server(":srv 761 motoko togusa tachikoma.pet * :1 tank 33")
        #expect(d.notices.last == .visit(from: "togusa", look: PetLook(skin: "tank", hue: 33)))
        d.server("@+tachikoma.chat/visit :ishikawa!i@h TAGMSG motoko", ":srv 766 motoko ishikawa tachikoma.pet :No matching key")
        #expect(d.notices.last == .visit(from: "ishikawa", look: nil))
    }

    @Test func onlyAVisitTaggedTAGMSGToUsFromSomeoneElseCounts() {
        var d = Self.session()
        let before = d.notices.count
        d.server("@+tachikoma.chat/visit :batou!b@h TAGMSG #tachikoma",
                 "@+typing=active :batou!b@h TAGMSG motoko",
                 "@+tachikoma.chat/visit :motoko!m@h TAGMSG motoko")
        #expect(d.notices.count == before)
    }

    @Test func sendingOurPet() {
        var d = Self.session()
        _ = d.takeSent()
        d.handle(.intent(.visit("batou")))
        #expect(d.takeSent() == ["@+tachikoma.chat/visit TAGMSG batou"])
        d.handle(.intent(.visit("#tachikoma")))
        d.handle(.intent(.visit("motoko")))
        #expect(d.takeSent().isEmpty, "not to a channel, not to ourselves")
    }
}
