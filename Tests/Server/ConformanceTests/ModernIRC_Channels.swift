import Testing

/// Modern IRC: channel operations (NAMES, KICK) and the key and client-limit channel modes.
@Suite struct ModernIRC_Channels {
    /// "The channel names are evaluated one-by-one. For each channel that exists and they are
    /// able to see the users in, the server returns one of more RPL_NAMREPLY numerics …
    /// and a single RPL_ENDOFNAMES numeric." — for several channels at once, the names of
    /// each in order and one RPL_ENDOFNAMES naming the list as given (ergo's reading of
    /// "a single", which irctest testNamesMultipleChannels2812 checks); for one channel that
    /// does not exist, RPL_ENDOFNAMES alone with its name.
    @Test func namesForSeveralChannels() throws {
        let server = try ServerProcess()
        let a = try server.connect()
        try a.register("alpha")
        let b = try server.connect()
        try b.register("beta")
        try a.exchange("JOIN #one,#two")
        try b.exchange("JOIN #two")
        let replies = try b.exchange("NAMES #one,#nope,#two").filter { $0.command == "353" || $0.command == "366" }
        let shape = replies.map { m -> String in
            m.command == "353" ? "353 \(m.param(2)) \(m.trailing.split(separator: " ").sorted().joined(separator: " "))"
                               : "366 \(m.param(1))"
        }
        #expect(shape == ["353 #one @alpha", "353 #two @alpha beta", "366 #one,#nope,#two"], "\(replies)")
        let missing = try b.exchange("NAMES #nope")
        #expect(missing.map(\.command) == ["366"] && missing.first?.param(1) == "#nope", "\(missing)")
    }

    /// "Parameters: <channel> <user> *( "," <user> ) [<comment>]" — one KICK per user, each
    /// seen by the channel, and the users are gone.
    @Test func kickSeveralUsersAtOnce() throws {
        let server = try ServerProcess()
        let op = try server.connect()
        try op.register("chanop")
        try op.exchange("JOIN #k")
        let victims = try ["vic1", "vic2", "vic3"].map { nick -> LineClient in
            let c = try server.connect()
            try c.register(nick)
            try c.exchange("JOIN #k")
            return c
        }
        try op.sync()
        let replies = try op.exchange("KICK #k vic1,vic2 :out you go")
        #expect(replies.with("KICK").map(\.params) == [["#k", "vic1", "out you go"], ["#k", "vic2", "out you go"]], "\(replies)")
        #expect(try victims[2].sync().with("KICK").count == 2)
        let names = try op.exchange("NAMES #k").with("353").map(\.trailing).joined(separator: " ")
        #expect(Set(names.split(separator: " ")) == ["@chanop", "vic3"])
    }

    /// Key mode: "Servers may validate the value (eg. to forbid spaces, as they make it
    /// harder to use the key in JOIN messages). If the value is invalid, they SHOULD return
    /// ERR_INVALIDMODEPARAM." — a key with spaces, an empty key and an over-long key.
    @Test(arguments: ["passphrase with spaces", "", String(repeating: "long", count: 100)])
    func invalidKeysAreRefused(key: String) throws {
        let server = try ServerProcess()
        let op = try server.connect()
        try op.register("keeper")
        try op.exchange("JOIN #locked")
        let replies = try op.exchange("MODE #locked +k :\(key)")
        #expect(!replies.has("MODE"), "\(replies)")
        let err = try #require(replies.with("696").first, "\(replies)")
        #expect(Array(err.params.prefix(4)) == ["keeper", "#locked", "k", "*"])
        let other = try server.connect()
        try other.register("walker")
        #expect(try other.exchange("JOIN #locked").has("JOIN"), "no key was set")
    }

    /// Client limit mode: invalid values ("0", "-1", "abc", an empty parameter) are refused
    /// with ERR_INVALIDMODEPARAM (as ergo), and "If a type B or C mode does not have a
    /// parameter when being set, the server MUST ignore that mode."
    @Test(arguments: ["MODE #lim +l :0", "MODE #lim +l :-1", "MODE #lim +l :abc", "MODE #lim +l :", "MODE #lim +l"])
    func invalidLimitsAreRefused(line: String) throws {
        let server = try ServerProcess()
        let op = try server.connect()
        try op.register("limiter")
        try op.exchange("JOIN #lim")
        let replies = try op.exchange(line)
        #expect(!replies.has("MODE"), "\(replies)")
        if line.hasSuffix("+l") {
            #expect(replies.isEmpty, "ignored: \(replies)")
        } else {
            let err = try #require(replies.with("696").first, "\(replies)")
            #expect(Array(err.params.prefix(3)) == ["limiter", "#lim", "l"])
            // "ERR_INVALIDMODEPARAM (696) <client> <target chan/user> <mode char> <parameter>
            // :<description>": five parameters, none of the middle ones empty (a message
            // cannot carry an empty middle parameter; irctest testLimitInvalidValues).
            #expect(err.params.count == 5 && err.params.dropLast().allSatisfy { !$0.isEmpty }, "\(err.params)")
        }
        let other = try server.connect()
        try other.register("crowd")
        #expect(try other.exchange("JOIN #lim").has("JOIN"))
    }

    /// RFC 2812 3.2.8: "there MUST be either one channel parameter and multiple user
    /// parameter, or as many channel parameters as there are user parameters" — each pair
    /// is a KICK of its own, even when a channel repeats (irctest testDoubleKickMessages).
    @Test func kickPairsChannelsWithUsers() throws {
        let server = try ServerProcess()
        let op = try server.connect()
        try op.register("pairer")
        try op.exchange("JOIN #one", "JOIN #two")
        var victims: [LineClient] = []
        for nick in ["v1", "v2", "v3"] {
            let v = try server.connect()
            try v.register(nick)
            try v.exchange("JOIN #one", "JOIN #two")
            victims.append(v)
        }
        let twice = try op.exchange("KICK #one,#one v1,v2 :bye")
        #expect(twice.with("KICK").map(\.params) == [["#one", "v1", "bye"], ["#one", "v2", "bye"]], "\(twice)")
        let across = try op.exchange("KICK #one,#two v3,v1 :again")
        #expect(across.with("KICK").map(\.params) == [["#one", "v3", "again"], ["#two", "v1", "again"]], "\(across)")
        let uneven = try op.exchange("KICK #one,#two v2 :odd")
        #expect(uneven.with("461").count == 1 && !uneven.has("KICK"), "\(uneven)")
    }
}
