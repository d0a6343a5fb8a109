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
    /// `before-connect` is advertised: a newcomer can create the account during connection
    /// registration, so its nick is protected from its very first session. The account name
    /// must be the nick (`*` means the current nick); no e-mail is asked or verified.
    func handleRegister(_ client: Client, _ message: IRCMessage) {
        let requested = message.parameters[0], password = message.parameters[2]
        guard storage.features.accounts else {
            fail(client, command: "REGISTER", code: "TEMPORARILY_UNAVAILABLE", context: [requested],
                 description: "This server has no account storage")
            return
        }
        if let account = client.account {
            fail(client, command: "REGISTER", code: "ALREADY_AUTHENTICATED", context: [account],
                 description: "You are already logged in")
            return
        }
        guard let nick = client.nick else {
            fail(client, command: "REGISTER", code: "BAD_ACCOUNT_NAME", context: [requested],
                 description: "Send NICK before REGISTER: the account name is your nick")
            return
        }
        let name = requested == "*" ? nick : requested
        guard fold(name) == fold(nick) else {
            fail(client, command: "REGISTER", code: "ACCOUNT_NAME_MUST_BE_NICK", context: [name],
                 description: "The account name must be your current nick")
            return
        }
        guard IRCNames.isValidNickname(name, maxLength: config.maxNickLength) else {
            fail(client, command: "REGISTER", code: "BAD_ACCOUNT_NAME", context: [name], description: "Invalid account name")
            return
        }
        if ext.registeredAccounts.contains(fold(name)) || ext.registering.contains(fold(name)) {
            fail(client, command: "REGISTER", code: "ACCOUNT_EXISTS", context: [name], description: "Account already exists")
            return
        }
        guard password.utf8.count >= 6 else {
            fail(client, command: "REGISTER", code: "WEAK_PASSWORD", context: [name],
                 description: "Passwords need at least 6 characters")
            return
        }
        guard password.utf8.count <= 300 else {
            fail(client, command: "REGISTER", code: "UNACCEPTABLE_PASSWORD", context: [name],
                 description: "Passwords may have at most 300 bytes")
            return
        }
        ext.registering.insert(fold(name))
        client.awaitingStorage = true
        submit(.register(account: name, password: password), .register(client.id, takeLabel(client), account: name))
    }

    /// A login or registration answer from storage.
    func finishLogin(_ client: Client, _ answer: StorageAnswer?, registering: Bool) {
        client.sasl = nil
        guard case .loggedIn(let account)? = answer else {
            if registering {
                let exists: Bool
                if case .refused(let reason)? = answer { exists = reason == "exists" } else { exists = false }
                if exists {
                    fail(client, command: "REGISTER", code: "ACCOUNT_EXISTS", context: [client.displayNick],
                         description: "Account already exists")
                } else {
                    fail(client, command: "REGISTER", code: "TEMPORARILY_UNAVAILABLE", context: [client.displayNick],
                         description: "Could not create the account, try again later")
                }
            } else {
                reply(client, .errSASLFail, "SASL authentication failed")
            }
            return
        }
        ext.registeredAccounts.insert(fold(account))
        client.account = account
        if registering {
            send(IRCMessage(source: serverSource, command: "REGISTER", parameters: ["SUCCESS", account, "Account created"]), to: client)
        }
        reply(client, .rplLoggedIn, client.source.description, account, "You are now logged in as \(account)")
        if !registering { reply(client, .rplSASLSuccess, "SASL authentication successful") }
        if client.registered { announceAccount(client) }
    }

    /// ACCOUNT <accountname> | ACCOUNT * — to neighbours with account-notify, and to
    /// MONITOR watchers with extended-monitor.
    func announceAccount(_ client: Client) {
        var notice = Relay(IRCMessage(tags: relayTags(), source: client.source, command: "ACCOUNT",
                                      parameters: [client.account ?? "*"]))
        var told: Set<ClientID> = [client.id]
        for other in neighbours(of: client) where other.caps.contains(.accountNotify) {
            told.insert(other.id)
            relay(&notice, to: other)
        }
        for watcher in extendedWatchers(of: client, needing: .accountNotify) where told.insert(watcher.id).inserted {
            relay(&notice, to: watcher)
        }
    }

    /// Takes the label of the command being handled, so an answer that comes later from
    /// storage can carry it (the dispatcher then sends no ACK of its own).
    func takeLabel(_ client: Client) -> String? {
        guard let context = label, context.client == client.id else { return nil }
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
        let features = storage.features
        if !features.accounts { caps.subtract([.sasl, .accountRegistration]) }
        if !features.history { caps.subtract([.chathistory, .readMarker, .eventPlayback]) }
        return caps
    }

    /// The CAP LS list; with CAP 302, values for `sasl` and `draft/account-registration`.
    func capList(withValues: Bool) -> String {
        let offered = offeredCaps
        return CapabilitySet.names.filter { offered.contains($0.1) }.map { name, cap in
            guard withValues else { return name }
            if cap == .sasl { return name + "=" + SASLState.Mechanism.advertised }
            if cap == .accountRegistration { return name + "=before-connect" }
            return name
        }.joined(separator: " ")
    }
}
