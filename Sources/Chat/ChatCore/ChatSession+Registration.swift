import IRCProtocol
import SeededRandom

/// Connection registration: CAP negotiation, SASL (see `ChatSession+SASL`), REGISTER, nick
/// collisions, welcome.
extension ChatSession {
    /// The capabilities we ask for when offered (sasl and account-registration only when needed).
    static let wantedCaps: [String] = [
        "message-tags", "server-time", "echo-message", "labeled-response", "batch", "cap-notify",
        "draft/chathistory", "chathistory", "draft/read-marker", "away-notify", "extended-join",
        "multi-prefix", "account-tag", "account-notify", "invite-notify", "setname", "standard-replies",
        "draft/metadata-2",
    ]

    /// Dispatches one message from the server.
    mutating func receive(_ m: IRCMessage, now: Double, out: inout [ChatAction]) {
        let time = m.tag("time").flatMap(ServerTime.parse) ?? now
        if let ref = m.tag("batch"), let batch = batches[ref], receiveInBatch(m, batch: batch, time: time, out: &out) {
            return
        }
        switch m.normalizedCommand {
        case "PING": out.append(.send(IRCMessage("PONG", m[parameter: 0] ?? "")))
        case "CAP": handleCap(m, now: now, out: &out)
        case "AUTHENTICATE": handleAuthenticate(m, now: now, out: &out)
        case "REGISTER": handleRegisterReply(m, now: now, out: &out)
        case "FAIL": handleFail(m, now: now, out: &out)
        case "ERROR": info("Server closed the link: \(m[parameter: 0] ?? "")", kind: .error, now: now)
        case "BATCH": handleBatch(m, now: now, out: &out)
        case "PRIVMSG", "NOTICE": handleMessage(m, time: time, history: false, out: &out)
        case "JOIN": handleJoin(m, time: time, out: &out)
        case "PART": handlePart(m, time: time)
        case "KICK": handleKick(m, time: time)
        case "QUIT": handleQuit(m, time: time, out: &out)
        case "NICK": handleNick(m, time: time)
        case "TOPIC": handleTopic(m, time: time)
        case "AWAY": handleAway(m)
        case "MARKREAD": handleMarkRead(m)
        case "METADATA": handleMetadata(target: m[parameter: 0], key: m[parameter: 1], value: m[parameter: 3], out: &out)
        case "TAGMSG": handleTagmsg(m, out: &out)
        case "ACK": confirmLabel(m, out: &out)
        default:
            if let numeric = m.numeric { handleNumeric(numeric.rawValue, m, time: time, now: now, out: &out) }
        }
    }

    // MARK: CAP

    /// CAP <nick> LS [*] :<caps> | ACK | NAK | NEW | DEL
    mutating func handleCap(_ m: IRCMessage, now: Double, out: inout [ChatAction]) {
        guard m.parameters.count >= 3 else { return }
        let sub = m.parameters[1].uppercased()
        let list = m.parameters.last ?? ""
        switch sub {
        case "LS", "NEW":
            for token in list.split(separator: " ") {
                let parts = token.split(separator: "=", maxSplits: 1)
                offeredCaps[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            let more = m.parameters.count >= 4 && m.parameters[2] == "*"
            if sub == "LS" && more { return }
            if sub == "LS" { registration?.negotiation?.lsDone = true }
            let names = sub == "NEW" ? list.split(separator: " ").map { String($0.split(separator: "=")[0]) } : Array(offeredCaps.keys)
            requestCaps(names.filter { wants($0) }.sorted(), now: now, out: &out)
        case "ACK":
            for token in list.split(separator: " ") {
                if token.hasPrefix("-") { enabledCaps.remove(String(token.dropFirst())) } else { enabledCaps.insert(String(token)) }
            }
            capAnswered(now: now, out: &out)
        case "NAK":
            capAnswered(now: now, out: &out)
        case "DEL":
            for token in list.split(separator: " ") { enabledCaps.remove(String(token)) }
        default:
            break
        }
    }

    func wants(_ cap: String) -> Bool {
        if cap == "sasl" { return hasCredentials && !config.registerAccount }
        if cap == "draft/account-registration" { return config.registerAccount && !config.password.isEmpty }
        return ChatSession.wantedCaps.contains(cap) && !enabledCaps.contains(cap)
    }

    mutating func requestCaps(_ names: [String], now: Double, out: inout [ChatAction]) {
        var line = ""
        for name in names {
            if line.utf8.count + name.utf8.count > 400 {
                out.append(.send(IRCMessage("CAP", "REQ", line)))
                registration?.negotiation?.requestsOutstanding += 1
                line = ""
            }
            line += line.isEmpty ? name : " " + name
        }
        if !line.isEmpty {
            out.append(.send(IRCMessage("CAP", "REQ", line)))
            registration?.negotiation?.requestsOutstanding += 1
        }
        if registration?.negotiation?.requestsOutstanding == 0 { afterCaps(now: now, out: &out) }
    }

    mutating func capAnswered(now: Double, out: inout [ChatAction]) {
        guard var negotiation = registration?.negotiation else { return }
        negotiation.requestsOutstanding = max(0, negotiation.requestsOutstanding - 1)
        registration?.negotiation = negotiation
        if negotiation.requestsOutstanding == 0 && negotiation.lsDone { afterCaps(now: now, out: &out) }
    }

    /// All CAP REQs answered: log in, register, or end negotiation.
    mutating func afterCaps(now: Double, out: inout [ChatAction]) {
        guard let link = connection, link.login == nil, !link.registeringAccount else { return }
        if hasCredentials && !config.registerAccount && (has("sasl") || keysOnly) {
            startSASL(now: now, out: &out)
        } else if config.registerAccount && has("draft/account-registration")
                    && (offeredCaps["draft/account-registration"] ?? "").contains("before-connect") {
            connection?.registeringAccount = true
            sendRegister(out: &out)
        } else {
            endNegotiation(out: &out)
        }
    }

    mutating func endNegotiation(out: inout [ChatAction]) {
        guard registration?.negotiation != nil else { return }
        registration?.negotiation = nil
        out.append(.send(IRCMessage("CAP", "END")))
    }

    // MARK: REGISTER

    mutating func sendRegister(out: inout [ChatAction]) {
        out.append(.send(IRCMessage("REGISTER", config.nick, config.email.isEmpty ? "*" : config.email, config.password)))
    }

    /// REGISTER SUCCESS <account> <message> | REGISTER VERIFICATION_REQUIRED <account> <message>
    mutating func handleRegisterReply(_ m: IRCMessage, now: Double, out: inout [ChatAction]) {
        let status = m[parameter: 0] ?? ""
        let name = m[parameter: 1] ?? config.nick
        connection?.registeringAccount = false
        if status == "SUCCESS" {
            account = name
            config.registerAccount = false
            info("Account \(name) registered.", now: now)
            out.append(.notify(.accountRegistered(name)))
            // The server made the account's salt: only a SCRAM login tells it. Before the
            // welcome nothing is lost by reconnecting at once to log in that way.
            if registration != nil && config.learnScramKeys && scramOffered {
                info("Logging in again with SCRAM-SHA-256 to learn the account's keys (the password is not stored).", now: now)
                // A quit asked for meanwhile still wins.
                if connection?.afterClose == .reconnectLater { connection?.afterClose = .reconnectNow }
                out.append(.send(IRCMessage("QUIT", "Logging in")))
                out.append(.disconnect)
                return
            }
        } else {
            info("Account \(name): \(m.parameters.last ?? status)", now: now)
        }
        endNegotiation(out: &out)
    }

    /// FAIL <command> <code> [<context>...] <description>
    mutating func handleFail(_ m: IRCMessage, now: Double, out: inout [ChatAction]) {
        let command = m[parameter: 0] ?? ""
        let text = m.parameters.last ?? ""
        info("\(command) failed: \(text)", kind: .error, now: now)
        if command == "REGISTER" {
            connection?.registeringAccount = false
            out.append(.notify(.authenticationFailed(text)))
            endNegotiation(out: &out)
        }
        if command == "CHATHISTORY" { abandonRecoveries(now: now, timedOutOnly: false, out: &out) }
        failLabel(m, out: &out)
    }

    // MARK: Numerics

    mutating func handleNumeric(_ code: String, _ m: IRCMessage, time: Double, now: Double, out: inout [ChatAction]) {
        switch code {
        case "001":
            welcome(m, now: now, out: &out)
        case "761", "766":
            // RPL_KEYVALUE / ERR_NOMATCHINGKEY: `<nick> <target> <key> [*] [value]`.
            let value = code == "761" && m.parameters.count >= 5 ? m.parameters[4] : nil
            handleMetadata(target: m[parameter: 1], key: m[parameter: 2], value: value, out: &out)
        case "770", "771", "772":
            // RPL_METADATASUBOK / UNSUBOK / SUBS: answers to our own subscription, nothing to show.
            break
        case "005":
            for token in m.parameters.dropFirst().dropLast() {
                let parts = token.split(separator: "=", maxSplits: 1)
                guard let key = parts.first else { continue }
                if key.hasPrefix("-") { isupport[String(key.dropFirst())] = nil } else {
                    isupport[String(key)] = parts.count > 1 ? String(parts[1]) : ""
                }
            }
        case "376", "422":
            finishWelcome(now: now, out: &out)
        case "433", "432", "436", "437":
            nickRejected(code, m, now: now, out: &out)
        case "900":
            account = m[parameter: 2]
        case "903", "907":
            if code == "903" {
                loginMechanism = exchangeMechanism
                if loginMechanism == "SCRAM-SHA-256", let keys = learnedKeys { out.append(.notify(.scramKeysLearned(keys))) }
            }
            connection?.login = nil
            endNegotiation(out: &out)
        case "908" where exchangeMechanism == "SCRAM-SHA-256":
            break  // the 904 that follows decides
        case "902", "904", "905", "906", "908":
            guard connection?.login != nil else { break }
            if code == "904" && retryWithPlain(now: now, out: &out) { break }
            let why = m.parameters.last ?? "SASL authentication failed"
            if keysOnly {
                needPassword("Password needed: the server refused the saved login keys (\(why)).", now: now, out: &out)
                break
            }
            connection?.login = nil
            info("Login failed: \(why)", kind: .error, now: now)
            out.append(.notify(.authenticationFailed(why)))
            endNegotiation(out: &out)
        case "730", "731":
            monitorReply(online: code == "730", m, out: &out)
        case "303":
            isonReply(m, out: &out)
        case "332":
            if let ch = m[parameter: 1] { buffers[ensureBuffer(ch, kind: .channel)].topic = m.parameters.last ?? "" }
        case "353":
            namesReply(m)
        case "366", "333", "329", "004", "003", "002", "372", "375", "250", "251", "252", "253", "254", "255", "265", "266":
            if code == "372" || code == "375" { info(m.parameters.last ?? "", now: time) }
        default:
            let text = m.parameters.dropFirst().joined(separator: " ")
            let failed = m.numeric?.isError == true
            info(text, kind: failed ? .error : .info, now: time)
            if failed { failLabel(m, out: &out) }
        }
    }

    /// 433 ERR_NICKNAMEINUSE and friends: during registration try another nick.
    mutating func nickRejected(_ code: String, _ m: IRCMessage, now: Double, out: inout [ChatAction]) {
        guard var registration else {
            info(m.parameters.dropFirst().joined(separator: " "), kind: .error, now: now)
            return
        }
        registration.nickAttempts += 1
        self.registration = registration
        let nickAttempts = registration.nickAttempts
        let base = config.nick
        let next: String
        if code == "432" {
            next = nickAttempts == 1 && base.count > 9 ? String(base.prefix(9)) : "Guest\(random.next() % 10000)"
        } else if nickAttempts == 1 {
            next = base + "_"
        } else {
            next = String(base.prefix(6)) + String(random.next() % 1000)
        }
        nick = next
        info("Nick \(m[parameter: 1] ?? base) is taken; trying \(next).", now: now)
        out.append(.send(IRCMessage("NICK", next)))
    }

    /// 001 RPL_WELCOME: registration is done.
    mutating func welcome(_ m: IRCMessage, now: Double, out: inout [ChatAction]) {
        switch stage {
        case .registering(let link, _): stage = .online(link, settled: false)
        case .online: break  // a second 001 changes nothing of the connection
        case .disconnected, .connecting: return
        }
        if let me = m[parameter: 0] { nick = me }
        backoff.reset()
        out.append(.notify(.registered(nick: nick, account: account)))
        if config.registerAccount && connection?.registeringAccount != true {
            if offeredCaps["draft/account-registration"] != nil && has("draft/account-registration") {
                connection?.registeringAccount = true
                sendRegister(out: &out)
            } else {
                config.registerAccount = false
                info("This server has no account registration; you are chatting as a guest.", now: now)
            }
        } else if keysOnly && account == nil {
            needPassword("Password needed: this server offers no SASL login (only SCRAM keys are saved).", now: now, out: &out)
        } else if !config.password.isEmpty && account == nil && !has("sasl") {
            info("This server does not offer SASL; you are chatting without logging in.", now: now)
        }
    }

    /// End of MOTD (or none): join channels, follow friends, fetch history, flush the queue.
    mutating func finishWelcome(now: Double, out: inout [ChatAction]) {
        guard case .online(let link, settled: false) = stage else { return }
        stage = .online(link, settled: true)
        var channels = config.channels
        for b in buffers where b.kind == .channel && !channels.contains(where: { same($0, b.name) }) {
            channels.append(b.name)
        }
        // Looks first: the server sends on JOIN only the keys we already subscribed to.
        startLooks(out: &out)
        for chunk in joinChunks(channels) { out.append(.send(IRCMessage("JOIN", chunk))) }
        startPresence(out: &out)
        requestHistoryTargets(now: now, out: &out)
        startRecovery(now: now, out: &out)
        flushQueue(out: &out)
    }

    func joinChunks(_ channels: [String]) -> [String] {
        var chunks: [String] = []
        var line = ""
        for c in channels {
            if !line.isEmpty && line.utf8.count + c.utf8.count > 400 {
                chunks.append(line)
                line = ""
            }
            line += line.isEmpty ? c : "," + c
        }
        if !line.isEmpty { chunks.append(line) }
        return chunks
    }
}
