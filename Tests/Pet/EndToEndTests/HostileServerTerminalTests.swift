#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness
import Testing

/// A pet whose chat meets a hostile server (issue 17, item 4): one that stops in the middle
/// of a line and stays silent with the socket open, and one that talks garbage. The pet
/// runs in tmux and its chat is opened as a person opens it (mouse, form, Guest). Whatever
/// the server does, the pet keeps walking and the screen says what went wrong, and the chat
/// connects again. chat.toml sets `server_timeout = 4` so that the pet gives up after
/// seconds, not the default three minutes.
@Suite(.serialized) struct HostileServerTerminalTests {
    let pet = Products.path("tachikoma")

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The pane is 100 columns wide: with the panel open the pet walks in the columns from
    /// `petColumn` on.
    static let petColumn = 60

    func petInTmux(_ name: String, port: Int) throws -> TmuxSession {
        let dir = NSTemporaryDirectory() + "tk-hostile-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir + "/config/tachikoma", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try "".write(toFile: dir + "/pet.toml", atomically: true, encoding: .utf8)
        try "server = \"127.0.0.1:\(port)\"\nserver_timeout = 4\n".write(toFile: dir + "/chat.toml", atomically: true, encoding: .utf8)
        // --rest 0-0: the pet strolls all the time, so a frozen screen shows.
        return try TmuxSession(command: [pet, "--config", dir + "/pet.toml", "--seed", "3", "--rest", "0-0"],
                               width: 100, height: 28,
                               environment: ["XDG_CONFIG_HOME": dir + "/config", "XDG_DATA_HOME": dir + "/data", "HOME": dir])
    }

    /// The pet's strip of the screen (right of the panel).
    static func petStrip(_ t: TmuxSession) -> String {
        t.lines().map { String($0.dropFirst(petColumn)) }.joined(separator: "\n")
    }

    /// Whether the pet's strip shows at least two different pictures within a few seconds.
    static func petMoves(_ t: TmuxSession) -> Bool {
        var seen = Set<String>()
        for _ in 0..<30 {
            let strip = petStrip(t)
            if strip.contains(where: { !$0.isWhitespace }) { seen.insert(strip) }
            if seen.count >= 2 { return true }
            usleep(150_000)
        }
        return false
    }

    @Test func aServerThatStallsMidLineIsGivenUpOnAndThePetKeepsWalking() throws {
        let server = try HostileServer(.stallMidLine)
        defer { server.close() }
        let t = try petInTmux("stall", port: server.port)
        defer { t.close() }
        try ChatFirstRunTests.openChatWithTheMouse(t)
        try ChatFirstRunTests.fillForm(t, nick: "motoko", password: "", button: "Guest")
        try Loopback.eventually("the pet connects", timeout: 20) { server.connections >= 1 }
        // The server has sent half a line and is silent now: the pet still walks.
        #expect(Self.petMoves(t), "the pet's strip stayed the same:\n\(t.capture())")
        // It gives up on the silent server and says so where the person looks.
        try t.waitFor("No answer from the server", timeout: 40)
        // …and tries again.
        try Loopback.eventually("the pet connects again", timeout: 60) { server.connections >= 2 }
        #expect(Self.petMoves(t), "the pet's strip stayed the same:\n\(t.capture())")
    }

    @Test func aServerTalkingGarbageIsToldAndGivenUpOnAndThePetKeepsWalking() throws {
        let server = try HostileServer(.garbage(bytesPerSecond: 400_000, seconds: 60))
        defer { server.close() }
        let t = try petInTmux("garbage", port: server.port)
        defer { t.close() }
        try ChatFirstRunTests.openChatWithTheMouse(t)
        try ChatFirstRunTests.fillForm(t, nick: "batou", password: "", button: "Guest")
        try Loopback.eventually("the pet connects", timeout: 20) { server.connections >= 1 }
        // Garbage pours in: the pet still walks, and the status line says so.
        #expect(Self.petMoves(t), "the pet's strip stayed the same:\n\(t.capture())")
        try t.waitFor("The server sends garbage", timeout: 20)
        // The welcome never comes among the garbage: the pet gives up and says why.
        try t.waitFor("No welcome from the server", timeout: 40)
        try Loopback.eventually("the pet connects again", timeout: 60) { server.connections >= 2 }
        #expect(Self.petMoves(t), "the pet's strip stayed the same:\n\(t.capture())")
    }
}
