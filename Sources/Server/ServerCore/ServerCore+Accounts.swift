import IRCProtocol

/// Accounts: REGISTER (draft/account-registration), nick protection and the
/// account notifications (account-notify, account-tag, extended-join).
///
/// Password checks and account creation run in storage, off the event loop: the handlers
/// queue a request and finish in `storageCompleted`.
extension ServerCore {
    /// Folded names of every registered account; the adapter loads them at start and
    /// refreshes them now and then (accounts added with `tachikoma-server account add`).
    public func loadAccountNames(_ names: [String]) {
        ext.registeredAccounts = Set(names.map(fold))
    }

    /// Whether `client` may not use `nick` because another account owns it.
    func nickReserved(_ nick: String, for client: Client) -> Bool {
        let folded = fold(nick)
        guard ext.registeredAccounts.contains(folded) else { return false }
        return client.account.map(fold) != folded
    }

    /// REGISTER <account> {<email> | "*"} <password>
    ///
    /// `[accounts]` decides: registration on or off, `before-connect` (a newcomer can create
    /// the account during connection registration, so its nick is protected from its very
    /// first session), `email-required` (the account waits for VERIFY with a code written to
    /// the server log) and the shortest password. The account name must be the nick (`*`
    /// means the current nick); a name that is registered, being registered, waiting for
    /// verification or in use by another connection gets ACCOUNT_EXISTS.
    func handleRegister(_ client: Client, _ message: IRCMessage) {
        let requested = message.parameters[0], email = message.parameters[1], password = message.parameters[2]
        guard !refusesAccountChange(client, command: "REGISTER", requested: requested) else { return }
        let policy = config.registration
        guard client.sentNick, let name = requested == "*" ? client.nick : requested else {
            fail(client, command: "REGISTER", code: "NEED_NICK", context: ["*"],
                 description: "Send NICK before REGISTER: the account name is your nick")
            return
        }
        guard IRCNames.isValidNickname(name, maxLength: config.maxNickLength) else {
            fail(client, command: "REGISTER", code: "BAD_ACCOUNT_NAME", context: [name], description: "Invalid account name")
            return
        }
        if accountNameTaken(name, by: client) {
            fail(client, command: "REGISTER", code: "ACCOUNT_EXISTS", context: [name], description: "Account already exists")
            return
        }
        guard let nick = client.nick, fold(name) == fold(nick) else {
            fail(client, command: "REGISTER", code: "ACCOUNT_NAME_MUST_BE_NICK", context: [name],
                 description: "The account name must be your current nick")
            return
        }
        guard password.utf8.count >= policy.minPasswordLength else {
            fail(client, command: "REGISTER", code: "WEAK_PASSWORD", context: [name],
                 description: "Passwords need at least \(policy.minPasswordLength) bytes")
            return
        }
        guard password.utf8.count <= Self.maxRegisterPassword else {
            fail(client, command: "REGISTER", code: "UNACCEPTABLE_PASSWORD", context: [name],
                 description: "Passwords may have at most \(Self.maxRegisterPassword) bytes")
            return
        }
        if policy.emailRequired {
            guard Self.isPlausibleEmail(email) else {
                fail(client, command: "REGISTER", code: "INVALID_EMAIL", context: [name], description: "A valid e-mail address is required")
                return
            }
            awaitVerification(client, account: name, email: email, password: password)
            return
        }
        ext.registering.insert(fold(name))
        client.awaitingStorage = true
        submit(.register(account: name, password: password), .register(client.linkID, takeLabel(client), account: name, verify: false))
    }

    /// VERIFY <account> <code>
    ///
    /// Answers FAIL and returns true when `command` (REGISTER or VERIFY) cannot go on for
    /// this client: no account storage, registration off, before connection registration
    /// where the policy wants it after, or already logged in.
    private func refusesAccountChange(_ client: Client, command: String, requested: String) -> Bool {
        let policy = config.registration
        guard features.accounts else {
            fail(client, command: command, code: "TEMPORARILY_UNAVAILABLE", context: [requested],
                 description: "This server has no account storage")
            return true
        }
        guard policy.enabled else {
            // The spec names no code for this; like ergo.
            fail(client, command: command, code: "DISALLOWED", context: [requested], description: "Account registration is disabled")
            return true
        }
        if !client.registered && !policy.beforeConnect {
            fail(client, command: command, code: "COMPLETE_CONNECTION_REQUIRED", context: [requested],
                 description: "Complete connection registration before \(command)")
            return true
        }
        if let account = client.account {
            fail(client, command: command, code: "ALREADY_AUTHENTICATED", context: [account], description: "You are already logged in")
            return true
        }
        return false
    }

    /// Completes a registration that waited for its e-mail code; the client that sends the
    /// right code is logged in to the account, as after SASL.
    func handleVerify(_ client: Client, _ message: IRCMessage) {
        let requested = message.parameters[0], code = message.parameters[1]
        guard !refusesAccountChange(client, command: "VERIFY", requested: requested) else { return }
        let folded = fold(requested)
        guard var entry = ext.verifications[folded], now < entry.expires else {
            ext.verifications.removeValue(forKey: folded)
            fail(client, command: "VERIFY", code: "INVALID_CODE", context: [requested], description: "Invalid or expired code")
            return
        }
        guard constantTimeEqual(code, entry.code) else {
            entry.failures += 1
            // A handful of guesses, then the registration is gone.
            ext.verifications[folded] = entry.failures >= Self.maxVerifyFailures ? nil : entry
            fail(client, command: "VERIFY", code: "INVALID_CODE", context: [requested], description: "Invalid or expired code")
            return
        }
        ext.verifications.removeValue(forKey: folded)
        ext.registering.insert(folded)
        client.awaitingStorage = true
        submit(.register(account: entry.account, password: entry.password),
               .register(client.linkID, takeLabel(client), account: entry.account, verify: true))
    }

    /// The longest password REGISTER accepts (the spec's "safe reasonable limit").
    static let maxRegisterPassword = 300
    /// Registrations waiting for VERIFY at once (the oldest expired ones go first).
    static let maxVerifications = 1000
    /// Wrong codes before a waiting registration is dropped.
    static let maxVerifyFailures = 5

    /// Whether `name` is registered, being registered, waiting for VERIFY (for another
    /// client) or the nick of another connection.
    func accountNameTaken(_ name: String, by client: Client) -> Bool {
        let folded = fold(name)
        if ext.registeredAccounts.contains(folded) || ext.registering.contains(folded) { return true }
        if let waiting = ext.verifications[folded], now < waiting.expires, waiting.client != client.linkID { return true }
        if let holder = nicks[folded], holder !== client { return true }
        return false
    }

    /// Keeps the registration until VERIFY, writes the code to the server log (no mail is
    /// sent) and tells the client.
    private func awaitVerification(_ client: Client, account: String, email: String, password: String) {
        ext.verifications = ext.verifications.filter { now < $0.value.expires }
        guard ext.verifications.count < Self.maxVerifications else {
            fail(client, command: "REGISTER", code: "TEMPORARILY_UNAVAILABLE", context: [account],
                 description: "Too many registrations are waiting for verification, try again later")
            return
        }
        let code = verificationCode()
        ext.verifications[fold(account)] = PendingVerification(
            client: client.linkID, account: account, password: password, code: code,
            expires: now.adding(seconds: config.registration.verificationTimeout))
        outbox.log.append(LogEntry(message: "account registration waiting for verification",
                                   metadata: ["account": account, "email": email, "code": code]))
        send(IRCMessage(source: serverSource, command: "REGISTER", parameters: [
            "VERIFICATION_REQUIRED", account, "Account created, pending verification; send VERIFY \(account) <code> with the code sent to \(email)",
        ]), to: client)
    }

    /// A rough check of an e-mail address: one `@`, something on each side, a dot in the
    /// domain, no spaces or control characters.
    static func isPlausibleEmail(_ text: String) -> Bool {
        guard text.utf8.count <= 254, !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "," }) else {
            return false
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
    }

    /// A login or registration answer from storage; `command` is REGISTER or VERIFY for a
    /// new account, `nil` for a SASL login.
    func finishLogin(_ client: Client, _ answer: StorageAnswer?, registering command: String?, account name: String? = nil) {
        client.sasl = nil
        let registering = command != nil
        guard case .loggedIn(let account)? = answer else {
            if let command {
                let exists: Bool
                if case .refused(let reason)? = answer { exists = reason == "exists" } else { exists = false }
                if exists {
                    fail(client, command: command, code: "ACCOUNT_EXISTS", context: [name ?? client.displayNick],
                         description: "Account already exists")
                } else {
                    fail(client, command: command, code: "TEMPORARILY_UNAVAILABLE", context: [name ?? client.displayNick],
                         description: "Could not create the account, try again later")
                }
            } else {
                reply(client, .errSASLFail, "SASL authentication failed")
            }
            return
        }
        ext.registeredAccounts.insert(fold(account))
        client.account = account
        if let command {
            send(IRCMessage(source: serverSource, command: command, parameters: ["SUCCESS", account, "Account created"]), to: client)
        }
        reply(client, .rplLoggedIn, client.source.description, account, "You are now logged in as \(account)")
        if !registering {
            reply(client, .rplSASLSuccess, "SASL authentication successful")
            loadAccountMetadata(client)
        }
        if client.registered { announceAccount(client) }
    }

    /// ACCOUNT <accountname> | ACCOUNT * — to neighbours with account-notify, and to
    /// MONITOR watchers with extended-monitor; and to the client itself when it has
    /// account-notify (the spec: "for clients on common channels with them, including
    /// themselves").
    func announceAccount(_ client: Client) {
        var notice = Relay(IRCMessage(tags: relayTags(), source: client.source, command: "ACCOUNT",
                                      parameters: [client.account ?? "*"]))
        var told: Set<ClientID> = [client.id]
        relay(&notice, to: client, having: .accountNotify)
        for other in neighbours(of: client) {
            told.insert(other.id)
            relay(&notice, to: other, having: .accountNotify)
        }
        for watcher in extendedWatchers(of: client, needing: .accountNotify) where told.insert(watcher.id).inserted {
            relay(&notice, to: watcher, having: [.extendedMonitor, .accountNotify])
        }
        publishLine(notice)
    }

    /// Takes the label of the command being handled, so an answer that comes later from
    /// storage can carry it (the dispatcher then sends no ACK of its own).
    func takeLabel(_ client: Client) -> String? {
        guard let context = label, context.client == client.linkID else { return nil }
        label = nil
        return context.label
    }
}

extension Numeric {
    static let rplLoggedIn = Numeric(rawValue: "900")
    static let rplLoggedOut = Numeric(rawValue: "901")
    static let errNickLocked = Numeric(rawValue: "902")
    static let rplSASLSuccess = Numeric(rawValue: "903")
    static let errSASLFail = Numeric(rawValue: "904")
    static let errSASLTooLong = Numeric(rawValue: "905")
    static let errSASLAborted = Numeric(rawValue: "906")
    static let errSASLAlready = Numeric(rawValue: "907")
    static let rplSASLMechs = Numeric(rawValue: "908")
    static let rplMonOnline = Numeric(rawValue: "730")
    static let rplMonOffline = Numeric(rawValue: "731")
    static let rplMonList = Numeric(rawValue: "732")
    static let rplEndOfMonList = Numeric(rawValue: "733")
    static let errMonListFull = Numeric(rawValue: "734")
}

extension ServerCore {
    /// The capabilities this server offers: account and history ones only with storage for them.
    var offeredCaps: CapabilitySet {
        var caps = CapabilitySet(CapabilitySet.names.map(\.1))
        let features = self.features
        if !features.accounts { caps.subtract([.sasl, .accountRegistration]) }
        if !config.registration.enabled { caps.remove(.accountRegistration) }
        if !features.history { caps.subtract([.chathistory, .readMarker, .eventPlayback]) }
        return caps
    }

    /// The CAP LS list; with CAP 302, values for `sasl` and `draft/account-registration`.
    func capList(withValues: Bool) -> String {
        let offered = offeredCaps
        return CapabilitySet.names.filter { offered.contains($0.1) }.map { name, cap in
            guard withValues else { return name }
            if cap == .sasl { return name + "=" + SASLState.Mechanism.advertised }
            if cap == .accountRegistration {
                let policy = config.registration
                let keys = (policy.beforeConnect ? ["before-connect"] : []) + (policy.emailRequired ? ["email-required"] : [])
                return keys.isEmpty ? name : name + "=" + keys.joined(separator: ",")
            }
            if cap == .metadata {
                let m = config.metadata
                return name + "=before-connect,max-subs=\(m.maxSubscriptions),max-keys=\(m.maxKeys),max-value-bytes=\(m.maxValueBytes)"
            }
            return name
        }.joined(separator: " ")
    }
}
