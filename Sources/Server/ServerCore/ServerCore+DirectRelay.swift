import IRCProtocol

extension ServerCore {
    /// Relays a private message in the form nearly every client sends it —
    /// `PRIVMSG <nick> :<text>` or `NOTICE <nick> :<text>`, no tags, no source — by copying
    /// its bytes behind the sender's prefix, without making an `IRCMessage` of it or of the
    /// relayed line (issue 16: parsing into strings and serializing again were most of a
    /// direct message's cost).
    ///
    /// Taken only when nothing about the message needs more than its bytes: the sender is
    /// registered with one connection that gets no echo, the target is a registered local user,
    /// nobody involved receives tags, the history does not keep the conversation, and the
    /// line parses to exactly one target and one valid UTF-8 text. Otherwise it returns false
    /// having changed nothing, and the general path handles the line; where both apply they
    /// send the same bytes to the same connections (`DirectRelayTests` runs both).
    func relayDirectly(_ client: Client, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard relaysDirectly, client.registered, label == nil, client.links.count == 1, client.link.tagProfile == 0,
              !client.caps.contains(.echoMessage), line.count <= IRCLimits.fromClient.maxBodyBytes else { return false }
        let isNotice: Bool
        if line.starts(with: Self.privmsgWord) {
            isNotice = false
        } else if line.starts(with: Self.noticeWord) {
            isNotice = true
        } else {
            return false
        }
        let targetStart = isNotice ? Self.noticeWord.count : Self.privmsgWord.count
        // The target: one nick, printable ASCII, not a channel, not a list, not a trailing
        // parameter; then exactly ` :` and a text that is not empty.
        var i = targetStart
        while i < line.count, line[i] != 0x20 {
            let b = line[i]
            guard b > 0x20, b < 0x7F, b != UInt8(ascii: ",") else { return false }
            i += 1
        }
        let targetEnd = i
        guard targetEnd > targetStart, line[targetStart] != UInt8(ascii: ":"), line[targetStart] != UInt8(ascii: "#"),
              line[targetStart] != UInt8(ascii: "&"), targetEnd + 2 < line.count, line[targetEnd + 1] == UInt8(ascii: ":")
        else { return false }
        let text = UnsafeBufferPointer(rebasing: line[(targetEnd + 2)...])
        let scan = Self.scan(text)
        guard !scan.forbidden, scan.ascii || String(validating: text, as: UTF8.self) != nil, config.maxTargets >= 1 else { return false }
        guard let target = self.client(named: UnsafeBufferPointer(rebasing: line[targetStart..<targetEnd])),
              target.registered, target.node == nil, target !== client,
              !(features.history && (client.account != nil || target.account != nil)) else { return false }
        let targetLinks = target.links
        guard targetLinks.allSatisfy({ $0.tagProfile == 0 }) else { return false }

        ext.messagesReceived &+= 1
        ext.directlyRelayed &+= 1
        client.lastActive = now
        if !targetLinks.isEmpty {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(line.count + client.source.byteCount + 8)
            client.source.write(into: &bytes)
            bytes.append(0x20)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[..<targetStart]))
            bytes.append(contentsOf: target.displayNick.utf8)
            bytes.append(0x20)
            // The colon where the serializer writes one (`IRCMessage.writeBody`).
            if scan.spaced || text[0] == UInt8(ascii: ":") { bytes.append(UInt8(ascii: ":")) }
            bytes.append(contentsOf: text)
            bytes.append(0x0D)
            bytes.append(0x0A)
            let payload = outbox.addShared(bytes)
            for link in targetLinks { outbox.deliver(payload, to: link.id) }
        }
        if !isNotice, let away = target.away {
            reply(client, .rplAway, target.displayNick, away)
        }
        return true
    }

    /// What the direct path must know of a text: whether it holds NUL, CR or LF (the parser
    /// refuses the line), whether it is all ASCII (else it is validated as UTF-8), whether it
    /// has a space (the relayed text then needs its colon). Eight bytes at a time: this scan
    /// was most of the direct path's own time with a byte loop.
    static func scan(_ text: UnsafeBufferPointer<UInt8>) -> (forbidden: Bool, ascii: Bool, spaced: Bool) {
        guard let base = text.baseAddress else { return (false, true, false) }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // Nonzero exactly when some byte of `v` is zero.
        func zeroByte(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        var forbidden: UInt64 = 0, high: UInt64 = 0, space: UInt64 = 0
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= text.count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            forbidden |= zeroByte(w) | zeroByte(w ^ (ones &* 0x0D)) | zeroByte(w ^ (ones &* 0x0A))
            high |= w & highs
            space |= zeroByte(w ^ (ones &* 0x20))
            i += 8
        }
        var tail = (forbidden: forbidden != 0, ascii: high == 0, spaced: space != 0)
        while i < text.count {
            let b = text[i]
            if b == 0 || b == 0x0D || b == 0x0A { tail.forbidden = true }
            if b >= 0x80 { tail.ascii = false }
            if b == 0x20 { tail.spaced = true }
            i += 1
        }
        return tail
    }

    private static let privmsgWord = Array("PRIVMSG ".utf8)
    private static let noticeWord = Array("NOTICE ".utf8)
}
