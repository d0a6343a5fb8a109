import IRCProtocol

/// Pets' looks (draft/metadata-2 key `tachikoma.pet`) and visits (a TAGMSG with a
/// vendor-prefixed client tag). Without metadata-2 a visitor has no look (the app draws the
/// builtin one); without message-tags there are no visits, and other clients never see any.
extension ChatSession {
    /// After the welcome: subscribe to pets' looks and publish ours.
    mutating func startLooks(out: inout [ChatAction]) {
        guard has("draft/metadata-2") else { return }
        out.append(.send(IRCMessage("METADATA", "*", "SUB", PetLook.metadataKey)))
        if let look = config.look {
            out.append(.send(IRCMessage("METADATA", "*", "SET", PetLook.metadataKey, look.metadataValue)))
        }
    }

    /// A `METADATA <target> <key> * [value]` message or a GET answer: remembers (or forgets)
    /// the target's look; a visit waiting for it is announced now.
    mutating func handleMetadata(target: String?, key: String?, value: String?, out: inout [ChatAction]) {
        guard let target, let key, key.lowercased() == PetLook.metadataKey, !target.hasPrefix("#") else { return }
        let folded = caseMapping.fold(target)
        looks[folded] = value.flatMap { PetLook(metadata: $0) }
        if visitsAwaitingLook.remove(folded) != nil {
            out.append(.notify(.visit(from: target, look: looks[folded])))
        }
    }

    /// A TAGMSG to us carrying the visit tag: someone's pet comes over.
    mutating func handleTagmsg(_ m: IRCMessage, out: inout [ChatAction]) {
        guard m.tag(PetLook.visitTag) != nil, let from = m.source?.name, let target = m[parameter: 0],
              same(target, nick), !same(from, nick) else { return }
        let folded = caseMapping.fold(from)
        if looks[folded] == nil && has("draft/metadata-2") {
            // Ask for the look first; the answer (761 or 766) announces the visit.
            guard visitsAwaitingLook.count < 16, visitsAwaitingLook.insert(folded).inserted else { return }
            out.append(.send(IRCMessage("METADATA", from, "GET", PetLook.metadataKey)))
            return
        }
        out.append(.notify(.visit(from: from, look: looks[folded])))
    }

    /// Our look changed: kept for the next connections, and published now where we can
    /// (a removed look clears the key).
    mutating func changeLook(_ look: PetLook?, out: inout [ChatAction]) {
        guard look != config.look else { return }
        config.look = look
        guard phase == .online, has("draft/metadata-2") else { return }
        if let look {
            out.append(.send(IRCMessage("METADATA", "*", "SET", PetLook.metadataKey, look.metadataValue)))
        } else {
            out.append(.send(IRCMessage("METADATA", "*", "SET", PetLook.metadataKey)))
        }
    }

    /// Sends our pet to `target` (a nick).
    mutating func visit(_ target: String, now: Double, out: inout [ChatAction]) {
        guard phase == .online, has("message-tags"), !isChannel(target), !same(target, nick) else {
            info("Pets can visit someone only on a server with message-tags, and not a channel or yourself.", kind: .error, now: now)
            return
        }
        out.append(.send(IRCMessage(tags: [IRCTag(key: PetLook.visitTag, value: "")], source: nil, command: "TAGMSG", parameters: [target])))
    }

    /// `nick`'s pet's look, when known.
    public func look(of nick: String) -> PetLook? { looks[caseMapping.fold(nick)] }
}
