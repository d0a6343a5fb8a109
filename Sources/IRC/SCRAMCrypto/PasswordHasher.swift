import Crypto
import Foundation
import _CryptoExtras

/// scrypt password hashes in a PHC-style string, `$scrypt$ln=14,r=8,p=1$<salt>$<hash>`
/// (base64), so the parameters and the per-user salt live beside the hash and can be
/// raised later without breaking old accounts.
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's N (CPU/memory cost): 2^14 × 128 × r bytes = 16 MiB per hash.
    public var logN: Int
    /// scrypt's block size r.
    public var blockSize: Int
    /// scrypt's parallelism p.
    public var parallelism: Int
    /// PBKDF2 iterations for the SCRAM-SHA-256 keys made beside the scrypt hash.
    public var scramIterations: Int

    /// The SCRAM iteration count given to new keys (see DEPLOY.md): RFC 7677's floor is
    /// 4096; 2^15 costs the client (and the server, once per password set) some 20 ms on a
    /// small machine, and makes an offline guess against stolen keys eight times dearer.
    public static let defaultScramIterations = 32_768

    /// The defaults: N = 2^14, r = 8, p = 1 (the scrypt paper's interactive-login setting).
    public init(logN: Int = 14, blockSize: Int = 8, parallelism: Int = 1, scramIterations: Int = defaultScramIterations) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
        self.scramIterations = max(scramIterations, ScramKeys.minimumIterations)
    }

    /// SCRAM-SHA-256 keys of `password` with a fresh salt (PBKDF2: milliseconds).
    public func scramKeys(_ password: String) throws -> ScramKeys {
        try ScramKeys(password: password, iterations: scramIterations)
    }

    /// Hashes `password` with a fresh 16-byte random salt.
    public func hash(_ password: String) throws -> String {
        var rng = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let key = try derive(password, salt: salt, logN: logN, r: blockSize, p: parallelism, length: 32)
        return "$scrypt$ln=\(logN),r=\(blockSize),p=\(parallelism)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Whether `password` matches `stored`; compares in constant time. A malformed hash
    /// never matches.
    public func verify(_ password: String, against stored: String) -> Bool {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt",
              let salt = Data(base64Encoded: String(fields[3])), let expected = Data(base64Encoded: String(fields[4])),
              !expected.isEmpty else { return false }
        var params: [Substring: Int] = [:]
        for pair in fields[2].split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, let v = Int(kv[1]) else { return false }
            params[kv[0]] = v
        }
        guard let ln = params["ln"], let r = params["r"], let p = params["p"], (1...20).contains(ln), (1...32).contains(r),
              (1...16).contains(p),
              let key = try? derive(password, salt: Array(salt), logN: ln, r: r, p: p, length: expected.count) else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(key, expected) { diff |= a ^ b }
        return diff == 0
    }

    private func derive(_ password: String, salt: [UInt8], logN: Int, r: Int, p: Int, length: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: length,
                                           rounds: 1 << logN, blockSize: r, parallelism: p)
        return key.withUnsafeBytes { Array($0) }
    }
}
