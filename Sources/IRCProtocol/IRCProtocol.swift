/// The IRC message model shared by the server and the client (issue 5 fills this in).
public enum IRCProtocolVersion {
    /// The version string servers and clients report.
    public static let name = "tachikoma-irc"
}
