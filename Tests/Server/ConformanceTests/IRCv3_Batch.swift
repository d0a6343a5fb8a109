import Testing

/// IRCv3 batch (ircv3.net/specs/extensions/batch), as the batches this server sends
/// (chathistory, draft/chathistory-targets, labeled-response, nested) show it.
@Suite struct IRCv3_Batch {
    /// The batch rules every server batch must keep, checked over a reply: "BATCH
    /// +reference-tag type [<parameter 1> …]" and "BATCH -reference-tag"; "Reference tag MUST
    /// contain only ASCII letters, numbers, and/or hyphen"; "The batched events MUST use batch
    /// message tag referring to the batch's reference tag. Messages before start and after end
    /// of a batch (including start and end messages of that batch) MUST NOT refer to that
    /// batch."; "For every started batch, server MUST end that batch."; "Start and end messages
    /// of one batch MAY refer to another batch. If they do, they both MUST have batch tag, and
    /// they MUST refer to the same batch." Returns the types of the batches seen, in order.
    @discardableResult
    static func checkBatches(_ lines: [Message], sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        var open: [String: String?] = [:]   // ref → the batch its start referred to
        var types: [String] = []
        for m in lines {
            let batchTags = m.raw.hasPrefix("@")
                ? m.raw.dropFirst().prefix { $0 != " " }.split(separator: ";").filter { $0 == "batch" || $0.hasPrefix("batch=") }.count : 0
            #expect(batchTags <= 1, "one batch tag at most: \(m)", sourceLocation: sourceLocation)
            let parent = m.tags["batch"]
            if m.command == "BATCH" {
                let ref = m.param(0)
                let name = String(ref.dropFirst())
                #expect(name.wholeMatch(of: /[A-Za-z0-9-]+/) != nil, "reference tag \(ref)", sourceLocation: sourceLocation)
                #expect(parent != name, "a BATCH line refers to its own batch: \(m)", sourceLocation: sourceLocation)
                if ref.hasPrefix("+") {
                    #expect(m.params.count >= 2, "BATCH +ref type: \(m)", sourceLocation: sourceLocation)
                    #expect(open[name] == nil, "reference reused while open: \(m)", sourceLocation: sourceLocation)
                    open[name] = .some(parent)
                    types.append(m.param(1))
                } else {
                    #expect(ref.hasPrefix("-") && m.params.count == 1, "BATCH -ref: \(m)", sourceLocation: sourceLocation)
                    if let started = open[name] {
                        #expect(started == parent, "start and end refer to the same batch: \(m)", sourceLocation: sourceLocation)
                    } else {
                        Issue.record("ends a batch that is not open: \(m)", sourceLocation: sourceLocation)
                    }
                    open[name] = nil
                }
                if let parent { #expect(open[parent] != nil, "nested in a batch that is not open: \(m)", sourceLocation: sourceLocation) }
            } else if let parent {
                #expect(open[parent] != nil, "refers to a batch that is not open: \(m)", sourceLocation: sourceLocation)
            }
        }
        #expect(open.isEmpty, "batches left open: \(open.keys)", sourceLocation: sourceLocation)
        return types
    }

    static let caps = ["batch", "message-tags", "server-time", "draft/chathistory", "labeled-response", "echo-message"]

    /// A server with a channel #b holding three messages, and a client with `caps` in it.
    static func setUp(caps: [String] = Self.caps) throws -> (ServerProcess, LineClient) {
        let server = try Fixture.server(accounts: ["batcher"])
        let c = try Fixture.login(server, "batcher", caps: caps)
        try c.exchange("JOIN #b", "PRIVMSG #b :one", "PRIVMSG #b :two", "PRIVMSG #b :three")
        return (server, c)
    }

    /// The chathistory and draft/chathistory-targets batches: opened with a type, every
    /// history line tagged with the reference, closed.
    @Test func historyBatchesKeepTheRules() throws {
        let (server, c) = try Self.setUp()
        defer { server.stop() }
        let history = try c.exchange("CHATHISTORY LATEST #b * 10")
        #expect(Self.checkBatches(history) == ["chathistory"], "\(history)")
        #expect(history.first?.command == "BATCH" && history.last?.command == "BATCH")
        #expect(history.dropFirst().dropLast().allSatisfy { $0.tags["batch"] == String(history[0].param(0).dropFirst()) }, "\(history)")
        #expect(history.with("PRIVMSG").map(\.trailing) == ["one", "two", "three"])
        let targets = try c.exchange("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z timestamp=2100-01-01T00:00:00.000Z 10")
        #expect(Self.checkBatches(targets) == ["draft/chathistory-targets"], "\(targets)")
        #expect(targets.with("CHATHISTORY").count == 1)
    }

    /// A labeled command with several replies gets a labeled-response batch (labeled-response:
    /// "If a response consists of more than one message, a batch MUST be used"), by the same
    /// rules; a labeled CHATHISTORY nests its chathistory batch in it — the inner BATCH lines
    /// carry the outer reference, the history lines only the inner one.
    @Test func labeledAndNestedBatchesKeepTheRules() throws {
        let (server, c) = try Self.setUp()
        defer { server.stop() }
        let names = try c.exchange("@label=n1 NAMES #b")
        #expect(Self.checkBatches(names) == ["labeled-response"], "\(names)")
        #expect(names.first?.tags["label"] == "n1")
        #expect(names.has("353") && names.has("366"))

        let nested = try c.exchange("@label=h1 CHATHISTORY LATEST #b * 10")
        #expect(Self.checkBatches(nested) == ["labeled-response", "chathistory"], "\(nested)")
        let outer = String(nested[0].param(0).dropFirst())
        let innerOpen = try #require(nested.first { $0.command == "BATCH" && $0.param(1) == "chathistory" })
        let inner = String(innerOpen.param(0).dropFirst())
        #expect(innerOpen.tags["batch"] == outer)
        #expect(nested.first { $0.command == "BATCH" && $0.param(0) == "-" + inner }?.tags["batch"] == outer)
        let privmsgs = nested.with("PRIVMSG")
        #expect(privmsgs.map(\.trailing) == ["one", "two", "three"])
        #expect(privmsgs.allSatisfy { $0.tags["batch"] == inner }, "\(privmsgs)")
    }

    /// "This client capability MUST be named batch": a client that did not negotiate it is
    /// sent no BATCH lines and no batch tags — history comes as plain lines, a labeled
    /// multi-line response unbatched.
    @Test func noBatchesWithoutTheCapability() throws {
        let (server, c) = try Self.setUp(caps: ["message-tags", "server-time", "draft/chathistory", "labeled-response"])
        defer { server.stop() }
        let lines = try c.exchange("CHATHISTORY LATEST #b * 10", "@label=n2 NAMES #b")
        #expect(!lines.has("BATCH") && lines.allSatisfy { $0.tags["batch"] == nil }, "\(lines)")
        #expect(lines.with("PRIVMSG").map(\.trailing) == ["one", "two", "three"])
        #expect(lines.has("353") && lines.has("366"))
    }
}
