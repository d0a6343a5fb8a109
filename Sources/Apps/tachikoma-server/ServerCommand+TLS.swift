import ArgumentParser
import Foundation
import Logging
import ServerConfigTOML
import ServerNIO

extension ServerCommand {
    /// Lays `--tls-listen`, `--tls-cert` and `--tls-key` over the file's `[tls]` section and
    /// checks that a TLS listener has both files.
    func applyTLSFlags(to settings: inout ServerSettings) throws {
        do {
            if !tlsListen.isEmpty {
                settings.tlsListen = try tlsListen.map { s throws(ConfigError) in try ListenAddress(parsing: s) }
            }
        } catch {
            throw ValidationError("--tls-listen: \(error.description)")
        }
        if let tlsCert { settings.tlsCertificatePath = tlsCert }
        if let tlsKey { settings.tlsKeyPath = tlsKey }
        guard !settings.tlsListen.isEmpty else { return }
        let missing = [("--tls-cert (or [tls] cert)", settings.tlsCertificatePath), ("--tls-key (or [tls] key)", settings.tlsKeyPath)]
            .filter { $0.1 == nil }.map(\.0)
        if !missing.isEmpty {
            throw ValidationError("a TLS listener (--tls-listen or [tls] listen) needs \(missing.joined(separator: " and "))")
        }
    }

    /// Loads the certificate and key for the TLS listeners, before any port is opened: an
    /// unreadable file or a key that does not match the certificate stops the start with
    /// the file named; an expired certificate is only a warning.
    static func loadTLS(_ settings: ServerSettings, logger: Logger) throws -> TLSContextStore? {
        guard !settings.tlsListen.isEmpty, let cert = settings.tlsCertificatePath, let key = settings.tlsKeyPath else {
            if settings.tlsCertificatePath != nil || settings.tlsKeyPath != nil {
                logger.warning("a TLS certificate or key is set but there is no TLS listener (--tls-listen); TLS is off")
            }
            return nil
        }
        let store: TLSContextStore
        do {
            store = try TLSContextStore(certificatePath: cert, keyPath: key)
        } catch {
            throw TLSStartError(description: "TLS: \(error.description)")
        }
        let info = store.info
        logger.info("TLS certificate loaded", metadata: info.metadata.merging(["file": "\(cert)"]) { a, _ in a })
        if info.isExpired() {
            logger.warning("the TLS certificate has expired; clients will refuse it", metadata: [
                "file": "\(cert)", "expired": "\(info.notAfter.ISO8601Format())",
            ])
        }
        return store
    }
}

/// A certificate or key that stops the start. Not a `ValidationError`: the command line is
/// fine, so no usage text follows the message.
struct TLSStartError: Error, CustomStringConvertible {
    let description: String
}
