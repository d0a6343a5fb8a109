import MDNS

/// The IANA service names for IRC (RFC 6335 registry): `_irc._tcp` for plain text and
/// `_ircs-u._tcp` for IRC over TLS from the first byte.
public enum IRCServiceTypes {
    /// `_irc._tcp.local`.
    public static let plain = DNSName("_irc._tcp.local")
    /// `_ircs-u._tcp.local`.
    public static let tls = DNSName("_ircs-u._tcp.local")
    /// Both, the plain one first.
    public static let all = [plain, tls]
}

/// The TXT keys a Tachikoma server announces (each short, RFC 6763 §6.4).
public enum IRCServiceKeys {
    /// `txtvers=1`: the version of this key set (RFC 6763 §6.7).
    public static let version = "txtvers"
    /// The IRC network name (ISUPPORT `NETWORK`).
    public static let network = "network"
    /// The TLS port, when the server also listens with TLS on the same address.
    public static let tlsPort = "tls"
    /// `open` when clients can create accounts (REGISTER), else `closed`.
    public static let accounts = "accounts"
}
