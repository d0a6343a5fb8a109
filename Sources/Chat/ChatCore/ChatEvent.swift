import IRCProtocol

/// Facts that reach the session: from the connection, from the clock, and from the user.
public enum ChatEvent: Hashable, Sendable {
    /// The TCP (or TLS) connection is up; registration starts.
    case connected
    /// The connection attempt failed or the connection ended.
    case disconnected(reason: String)
    /// One line arrived from the server (without CR LF).
    case line(String)
    /// A line longer than IRC allows arrived and was thrown away.
    case overlongLine
    /// The reconnect delay asked for by `.scheduleReconnect` has passed.
    case reconnectDue
    /// The periodic timer ticked (drives ISON polling and the keep-alive PING).
    case tick
    /// The user asked for something.
    case intent(ChatIntent)
}

/// Something the user asks of the session (typed in the panel or given by the app).
public enum ChatIntent: Hashable, Sendable {
    /// Send a message (or `/me` action) to a channel or nick; queued while disconnected.
    case say(target: String, text: String, action: Bool)
    /// Join a channel (and remember it for reconnects).
    case join(String)
    /// Leave a channel (and forget it).
    case part(String, reason: String)
    /// Open a private-chat buffer without sending anything.
    case query(String)
    /// Close a buffer (parting it if it is a channel).
    case close(String)
    /// Change nick.
    case nick(String)
    /// Show or set a channel topic (`nil` shows it).
    case topic(channel: String, text: String?)
    /// Follow a friend's presence.
    case addFriend(String)
    /// Stop following a friend.
    case removeFriend(String)
    /// The user is looking at this buffer (or, with `nil`, at none): its lines are read as they come.
    case focus(String?)
    /// The user has read a buffer up to its newest line.
    case markRead(String)
    /// Send a raw IRC line (`/quote`).
    case raw(String)
    /// Send our pet to visit `nick` (a TAGMSG with `PetLook.visitTag`).
    case visit(String)
    /// Our pet looks different now (another skin): published at once when online, and from
    /// then on at every connection.
    case look(PetLook?)
    /// Disconnect on purpose (no reconnect).
    case quit(reason: String)
    /// Connect (or reconnect now, skipping the backoff).
    case connect
    /// Use other credentials from the next connection on.
    case reconfigure(ChatConfig)
}

/// Commands the adapter carries out for the session.
public enum ChatAction: Hashable, Sendable {
    /// Open the connection to `config.host:config.port`.
    case connect
    /// Write one IRC message.
    case send(IRCMessage)
    /// Close the connection after writing what is queued.
    case disconnect
    /// Deliver `.reconnectDue` after this many seconds.
    case scheduleReconnect(seconds: Double)
    /// Something the app may want to announce (a toast, the pet's mood).
    case notify(ChatNotice)
    /// The friend list changed; the app may persist it.
    case friendsChanged([String])
}

/// Notable happenings, for the app around the panel (toasts, unread badge, the pet's mood).
public enum ChatNotice: Hashable, Sendable {
    /// Registration finished; we are `nick` (logged in as `account`, if any).
    case registered(nick: String, account: String?)
    /// A private message arrived (not from history).
    case privateMessage(from: String, text: String)
    /// A channel message mentioned our nick.
    case highlight(from: String, channel: String, text: String)
    /// A followed friend came online.
    case friendOnline(String)
    /// A followed friend went offline.
    case friendOffline(String)
    /// Login or account registration failed; the text says why.
    case authenticationFailed(String)
    /// The account was created.
    case accountRegistered(String)
    /// A SCRAM-SHA-256 login with the password succeeded: these keys log in without it
    /// (what "remember me" stores).
    case scramKeysLearned(ScramClientKeys)
    /// Only stored keys were given and they cannot be used (no SCRAM offered, other salt or
    /// iteration count, refused): the session stopped; the text says why. Ask for the password.
    case passwordNeeded(String)
    /// The connection went down (a reconnect follows unless the user quit).
    case connectionLost(String)
    /// The server sent something that is not IRC (a malformed or overlong line); said once
    /// per connection, the text names the first such thing.
    case serverGarbage(String)
    /// `from`'s pet came to visit; `look` is its look when its metadata says (else the
    /// builtin look).
    case visit(from: String, look: PetLook?)
}
