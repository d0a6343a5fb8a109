import FileIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOSSL

/// The server's TLS certificate and key, loaded from PEM files and swappable while the
/// server runs (SIGHUP after a renewal).
///
/// Every TLS listener asks for `context` once per accepted connection, so a reload changes
/// what new connections get and never touches a handshake already made: an established
/// connection keeps the `NIOSSLContext` it started with. A reload whose files do not load
/// changes nothing. The current pair sits in a lock-protected box (`NIOLockedValueBox`),
/// which makes the type `Sendable` without any unchecked claim.
public final class TLSContextStore: Sendable {
    /// The PEM file with the server certificate first, then its intermediates.
    public let certificatePath: String
    /// The PEM file with the private key (unencrypted).
    public let keyPath: String
    private let current: NIOLockedValueBox<Loaded>

    /// What a successful load produced.
    private struct Loaded: Sendable {
        var context: NIOSSLContext
        var info: TLSCertificateInfo
    }

    /// Loads and checks the pair; throws an error naming the file and the reason.
    public init(certificatePath: String, keyPath: String) throws(TLSSetupError) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        current = NIOLockedValueBox(try Self.load(certificatePath: certificatePath, keyPath: keyPath))
    }

    /// The context for a connection accepted now.
    public var context: NIOSSLContext { current.withLockedValue { $0.context } }

    /// The certificate being served now.
    public var info: TLSCertificateInfo { current.withLockedValue { $0.info } }

    /// Re-reads both files; on success new connections get the new certificate, on failure
    /// the old one stays and the error says which file is wrong.
    @discardableResult
    public func reload() throws(TLSSetupError) -> TLSCertificateInfo {
        let loaded = try Self.load(certificatePath: certificatePath, keyPath: keyPath)
        current.withLockedValue { $0 = loaded }
        return loaded.info
    }

    /// `reload()` with the outcome logged: the new subject and expiry, or the error and the
    /// fact that the old certificate is still served. Never logs key material.
    public func reload(logger: Logger) {
        do {
            let info = try reload()
            logger.info("TLS certificate reloaded", metadata: info.metadata)
            if info.isExpired() { logger.warning("the TLS certificate has expired", metadata: info.metadata) }
        } catch {
            logger.error("TLS reload failed; still serving the previous certificate", metadata: [
                "error": "\(error.description)", "serving": "\(info.subject)",
            ])
        }
    }

    // MARK: Loading

    /// The largest PEM file accepted (a long chain is a few kilobytes).
    static let maxFileBytes = 1 << 20

    private static func load(certificatePath: String, keyPath: String) throws(TLSSetupError) -> Loaded {
        let certBytes = try read(certificatePath, what: "certificate")
        let keyBytes = try read(keyPath, what: "private key")
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(certBytes)
        } catch {
            throw TLSSetupError(file: certificatePath, reason: "not a PEM certificate chain (\(error))")
        }
        guard let leaf = chain.first else {
            throw TLSSetupError(file: certificatePath, reason: "no PEM certificate in the file")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: keyBytes, format: .pem)
        } catch {
            // The library's error names the parsing step only; nothing of the key is printed.
            throw TLSSetupError(file: keyPath, reason: "not an unencrypted PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        let context: NIOSSLContext
        do {
            // BoringSSL checks here that the key belongs to the leaf certificate.
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            let hint = chain.count > 1 ? " (its first certificate; the server's own must come first)" : ""
            throw TLSSetupError(file: keyPath, reason: "the private key does not match the certificate in \(certificatePath)\(hint)")
        }
        return Loaded(context: context, info: TLSCertificateInfo(leaf, chainLength: chain.count))
    }

    /// The whole file, or an error naming it and why it cannot be read.
    private static func read(_ path: String, what: String) throws(TLSSetupError) -> [UInt8] {
        let bytes: [UInt8]
        switch FileBytes.read(path, limit: maxFileBytes, pipesToo: true) {
        case .success(let read): bytes = read
        case .failure(let failure): throw TLSSetupError(file: path, reason: "cannot read the \(what): \(failure.text)")
        }
        guard !bytes.isEmpty else { throw TLSSetupError(file: path, reason: "the \(what) file is empty") }
        return bytes
    }
}

/// What the log says about a served certificate: its subject and validity.
public struct TLSCertificateInfo: Sendable, Equatable {
    /// The leaf certificate's subject, e.g. `CN=irc.example.org, O=Example`.
    public var subject: String
    /// The end of the leaf certificate's validity.
    public var notAfter: Date
    /// Certificates in the file (leaf plus intermediates).
    public var chainLength: Int

    init(_ leaf: NIOSSLCertificate, chainLength: Int) {
        let short: [SSLCertificateNameType: String] = [
            .commonName: "CN", .organization: "O", .organizationalUnit: "OU", .country: "C",
            .state: "ST", .city: "L", .emailAddress: "emailAddress", .userId: "UID",
        ]
        subject = leaf.subjectName.map { "\(short[$0.type] ?? "?")=\($0.value)" }.joined(separator: ", ")
        notAfter = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        self.chainLength = chainLength
    }

    /// Whether the certificate's validity ended before `now`.
    public func isExpired(now: Date = Date()) -> Bool { notAfter < now }

    /// Subject and expiry (ISO 8601, UTC) for log lines.
    public var metadata: Logger.Metadata {
        ["subject": "\(subject)", "expires": "\(notAfter.ISO8601Format())", "chain": "\(chainLength)"]
    }
}

/// A certificate or key that cannot be used, with the file at fault and why.
public struct TLSSetupError: Error, Sendable, CustomStringConvertible {
    /// The file at fault.
    public var file: String
    /// What is wrong with it.
    public var reason: String

    /// `FILE: reason`.
    public var description: String { "\(file): \(reason)" }
}
