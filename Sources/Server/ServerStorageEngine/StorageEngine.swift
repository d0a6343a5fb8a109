import Foundation
import IRCProtocol
import SCRAMCrypto
import ServerCore

/// What an SQL engine gives the server's storage: rows read and written, nothing more.
/// The rules on top of them — which request gets which answer, how a login spends the
/// same time for a name that does not exist, how a SCRAM proof is checked against decoy
/// keys, when an old account gets its SCRAM keys — are written once, in this extension,
/// so SQLite and PostgreSQL cannot drift apart. StorageContractTests runs both.
public protocol StorageEngine: ServerStorage {
    /// Folds names for lookups (the server's CASEMAPPING).
    var caseMapping: CaseMapping { get }
    /// Hashes passwords and derives SCRAM keys.
    var hasher: PasswordHasher { get }
    /// The database's secret for decoy SCRAM keys (never empty).
    var decoySecret: [UInt8] { get }

    /// An account's name as registered, password hash, and whether it has no SCRAM keys yet.
    func passwordRow(_ folded: String) throws -> PasswordRow?
    /// An account's name as registered.
    func accountName(_ folded: String) throws -> String?
    /// The account's SCRAM keys, or `nil` if it does not exist or has none yet.
    func scramKeys(_ folded: String) throws -> ScramKeys?
    /// Stores `keys` for an account that has none; leaves any other account alone.
    func fillScramKeys(_ folded: String, _ keys: ScramKeys) throws
    /// Inserts an account; false when the folded name is taken.
    func insertAccount(_ account: NewPassword, name: String, createdAt: Int64) throws -> Bool
    /// Replaces an account's password and keys; false when there is no such account.
    func updatePassword(_ account: NewPassword) throws -> Bool
    /// Deletes an account and its read markers; false when there is no such account.
    func deleteAccount(_ name: String) throws -> Bool

    /// Messages of one conversation (see `HistoryQuery.select`).
    func history(_ query: HistoryQuery) throws -> [HistoryEntry]
    /// Conversations with messages in a window (see `StorageRequest.targets`).
    func targets(account: String?, channels: [String], from: ServerInstant, to: ServerInstant, limit: Int) throws -> [HistoryTarget]
    /// The stored read marker, in milliseconds.
    func readMarker(account: String, target: String) throws -> Int64?
    /// Stores the later of the stored marker and `time` in one statement; returns what is stored.
    func raiseReadMarker(account: String, target: String, to time: Int64) throws -> Int64?
    /// Every metadata key of `account`.
    func metadata(account: String) throws -> [String: String]
    /// Replaces every metadata key of `account` in one transaction; returns what is stored.
    func replaceMetadata(account: String, with values: [String: String]) throws -> [String: String]
    /// Claims a nick across a cluster (see `StorageRequest.claimNick`).
    func claimNick(_ folded: String, nick: String, node: String, releasing: String?) throws -> Bool
}

/// What a login reads of an account.
public struct PasswordRow: Sendable {
    /// The name as registered.
    public var name: String
    /// The scrypt hash of the password.
    public var hash: String
    /// True for an account made before SCRAM keys were kept.
    public var keyless: Bool

    /// Makes a row.
    public init(name: String, hash: String, keyless: Bool) {
        self.name = name
        self.hash = hash
        self.keyless = keyless
    }
}

/// A password as stored: its hash and SCRAM keys, for the account `folded`.
public struct NewPassword: Sendable {
    /// The folded account name.
    public var folded: String
    /// The scrypt hash.
    public var hash: String
    /// The SCRAM-SHA-256 keys.
    public var keys: ScramKeys
}

/// A valid hash of a random password with the default parameters: a login for an unknown
/// name checks against it, so timing does not tell which names exist.
private let dummyHash = (try? PasswordHasher().hash(UUID().uuidString)) ?? ""

extension StorageEngine {
    /// Answers one request; blocks on the database (and on scrypt for logins).
    public func perform(_ request: StorageRequest) throws -> StorageAnswer {
        switch request {
        case .login(let account, let password):
            return try login(account, password)
        case .register(let account, let password):
            return try addAccount(account, password: password) ? .loggedIn(account: account) : .refused(reason: "exists")
        case .scramChallenge(let account):
            let keys = try scramKeys(account) ?? decoyKeys(account)
            return .scramChallenge(salt: keys.salt, iterations: keys.iterations, serverNonce: ScramRandom.nonce())
        case .scramVerify(let account, let authMessage, let proof):
            return try scramVerify(account, authMessage: authMessage, proof: proof)
        case .history(let query):
            return .entries(try history(query))
        case .targets(let account, let channels, let from, let to, let limit):
            return .targets(try targets(account: account, channels: channels, from: from, to: to, limit: limit))
        case .readMarker(let account, let target):
            return .marker(try readMarker(account: account, target: target).map(ServerInstant.init(milliseconds:)))
        case .setReadMarker(let account, let target, let time):
            // Never back: the stored time is the greater of the two.
            let stored = try raiseReadMarker(account: account, target: target, to: time.milliseconds)
            return .marker(stored.map(ServerInstant.init(milliseconds:)))
        case .metadata(let account):
            return .metadata(try metadata(account: account))
        case .replaceMetadata(let account, let values):
            return .metadata(try replaceMetadata(account: account, with: values))
        case .claimNick(let folded, let nick, let node, let releasing):
            return .claimed(try claimNick(folded, nick: nick, node: node, releasing: releasing))
        }
    }

    /// Creates an account; false if the name is taken.
    public func addAccount(_ name: String, password: String) throws -> Bool {
        try insertAccount(newPassword(password, for: name), name: name, createdAt: Int64(Date().timeIntervalSince1970 * 1000))
    }

    /// Replaces an account's password; false if there is no such account.
    public func setPassword(_ name: String, password: String) throws -> Bool {
        try updatePassword(newPassword(password, for: name))
    }

    private func newPassword(_ password: String, for name: String) throws -> NewPassword {
        NewPassword(folded: caseMapping.fold(name), hash: try hasher.hash(password), keys: try hasher.scramKeys(password))
    }

    /// Checks a PLAIN password; an old account gets its SCRAM keys at its first right one,
    /// the one moment the server sees the password.
    func login(_ folded: String, _ password: String) throws -> StorageAnswer {
        guard let row = try passwordRow(folded) else {
            _ = hasher.verify(password, against: dummyHash)
            return .refused(reason: "unknown")
        }
        guard hasher.verify(password, against: row.hash) else { return .refused(reason: "password") }
        // A database that cannot be written (full disk) must not lock out a right password:
        // the keys are tried again at the next PLAIN login.
        if row.keyless { try? fillScramKeys(folded, try hasher.scramKeys(password)) }
        return .loggedIn(account: row.name)
    }

    /// Keys no password opens, stable for `folded` (see `ScramKeys.decoy`).
    public func decoyKeys(_ folded: String) -> ScramKeys {
        ScramKeys.decoy(for: folded, secret: decoySecret, iterations: hasher.scramIterations)
    }

    /// Checks a client proof; the decoy stands in for a missing account so both fail alike.
    func scramVerify(_ folded: String, authMessage: String, proof: [UInt8]) throws -> StorageAnswer {
        let real = try scramKeys(folded)
        guard let signature = ScramKeys.verify(stored: real, decoy: decoyKeys(folded), proof: proof, authMessage: authMessage),
              let name = try accountName(folded)
        else { return .refused(reason: "password") }
        return .scramVerified(account: name, serverSignature: signature)
    }
}
