import Foundation
import TerminalHarness
import Testing

/// IRCv3 account-notify (ircv3.net/specs/extensions/account-notify). This server has no
/// logout, so only logins (`ACCOUNT <accountname>`) are seen; there is no `ACCOUNT *`.
@Suite struct IRCv3_AccountNotify {
    /// "When enabled, clients will get the ACCOUNT message to designate the account name
    /// changes for clients on common channels with them, including themselves." and
    /// ":nick!user@host ACCOUNT accountname — This message represents that the user identified
    /// by nick!user@host has logged into a new account." — here by SASL after registration
    /// and by REGISTER; a neighbour without the capability and a client sharing no channel
    /// get nothing.
    @Test func loginsAreAnnouncedToNeighboursAndToThemselves() throws {
        let server = try Fixture.server(accounts: ["latecomer"])
        let watcher = try server.connect()
        try watcher.register("watcher", caps: ["account-notify"])
        let plain = try server.connect()
        try plain.register("plain")
        let stranger = try server.connect()
        try stranger.register("stranger", caps: ["account-notify"])
        let late = try server.connect()
        try late.register("late", caps: ["account-notify", "sasl"])
        let founder = try server.connect()
        try founder.register("founder", caps: ["account-notify", "draft/account-registration"])
        for c in [watcher, plain, late, founder] { try c.exchange("JOIN #an") }
        for c in [watcher, plain, stranger] { try c.sync() }

        late.send("AUTHENTICATE PLAIN")
        try late.expect("AUTHENTICATE")
        late.send("AUTHENTICATE " + Data("\0latecomer\0pw-latecomer-secret".utf8).base64EncodedString())
        let own = try late.read(until: { $0.command == "903" || $0.command == "904" }) + (try late.sync())
        #expect(own.has("903"))
        #expect(own.with("ACCOUNT").map { [$0.source ?? ""] + $0.params } == [["late!user@127.0.0.1", "latecomer"]],
                "the client itself: \(own)")

        let registered = try founder.exchange("REGISTER * * founders-password")
        #expect(registered.contains { $0.command == "REGISTER" && $0.param(0) == "SUCCESS" }, "\(registered)")
        #expect(registered.with("ACCOUNT").filter { $0.nick == "founder" }.map(\.params) == [["founder"]], "the client itself: \(registered)")

        let seen = try watcher.sync().with("ACCOUNT")
        #expect(seen.map { [$0.source ?? ""] + $0.params } == [["late!user@127.0.0.1", "latecomer"],
                                                            ["founder!user@127.0.0.1", "founder"]], "\(seen)")
        #expect(!(try plain.sync().has("ACCOUNT")), "no ACCOUNT without the capability")
        #expect(!(try stranger.sync().has("ACCOUNT")), "no ACCOUNT without a common channel")
    }
}
