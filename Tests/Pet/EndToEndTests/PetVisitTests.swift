#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness
import Testing

/// Two pets in two terminals on our server (issue 15, item 1): the guest's owner picks
/// Visit ▸ hostpet with the mouse, and on the host's screen a visiting pet walks in with
/// "guestpet" under it, the host's pet greets it, and after a while it walks out again.
@Suite(.serialized) struct PetVisitTests {
    let pet = Products.path("tachikoma")

    /// A pet in tmux whose chat uses the server on `port`, with `friends` in its chat.toml.
    func startPet(_ dir: String, port: Int, friends: [String]) throws -> TmuxSession {
        try FileManager.default.createDirectory(atPath: dir + "/config/tachikoma", withIntermediateDirectories: true)
        try "hue = 120\n".write(toFile: dir + "/pet.toml", atomically: true, encoding: .utf8)
        let list = friends.map { "\"\($0)\"" }.joined(separator: ", ")
        try "server = \"127.0.0.1:\(port)\"\nfriends = [\(list)]\n".write(toFile: dir + "/chat.toml", atomically: true, encoding: .utf8)
        return try TmuxSession(command: [pet, "--config", dir + "/pet.toml", "--seed", "3"], width: 110, height: 30,
                               environment: ["XDG_CONFIG_HOME": dir + "/config", "XDG_DATA_HOME": dir + "/data", "HOME": dir])
    }

    /// The lowest line with something on it (the pets' feet, or a visitor's nick under them).
    static func bottomLine(_ t: TmuxSession) -> String {
        t.lines().last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
    }

    @Test func aFriendsPetVisitsAndLeaves() throws {
        let dir = NSTemporaryDirectory() + "tk-visit-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (server, port) = try ChatTerminalTests.startServer(dir: dir)
        defer { Spawn.killAndReap(server) }

        let host = try startPet(dir + "/host", port: port, friends: [])
        defer { host.close() }
        let guest = try startPet(dir + "/guest", port: port, friends: ["hostpet"])
        defer { guest.close() }
        for (t, nick) in [(host, "hostpet"), (guest, "guestpet")] {
            try ChatFirstRunTests.openChatWithTheMouse(t)
            try ChatFirstRunTests.fillForm(t, nick: nick, password: "", button: "Guest")
            try ChatFirstRunTests.waitActive(t, "#tachikoma")
            t.press("Escape")
            try t.waitUntil("the panel closed") { !$0.contains("#tachikoma") }
        }
        #expect(!Self.bottomLine(host).contains("guestpet"))

        // The guest's owner: right-click the pet, Visit ▸ hostpet.
        try guest.waitUntil("the pet is drawn") { screen in screen.contains(where: { !$0.isWhitespace }) }
        guest.click(.right, x: 40, y: 20)
        try guest.waitFor("Visit")
        let visit = try ChatFirstRunTests.locate(guest, "│ Visit")
        guest.click(.left, x: visit.x + 3, y: visit.y)
        try guest.waitFor("hostpet")
        let friend = try ChatFirstRunTests.locate(guest, "hostpet")
        guest.click(.left, x: friend.x + 1, y: friend.y)
        try guest.waitFor("Off to see hostpet")

        // On the host's screen: the visitor with its owner's nick under it, and a greeting.
        _ = try host.waitUntil("the visitor's nick on the bottom line", timeout: 30) { _ in Self.bottomLine(host).contains("guestpet") }
        _ = try host.waitFor("guestpet's pet came to visit!", timeout: 40)
        // Then it leaves.
        _ = try host.waitUntil("the visitor gone", timeout: 60) { _ in !Self.bottomLine(host).contains("guestpet") }
    }
}
