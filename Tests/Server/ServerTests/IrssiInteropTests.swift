import Foundation
import IRCProtocol
import ServerCore
import ServerNIO
import TerminalHarness
import Testing

/// Debian's irssi, in a real terminal (tmux), talks to our server and to a second client.
@Suite struct IrssiInteropTests {
    @Test func irssiJoinsAndExchangesMessages() async throws {
        let server = try await ServerFixture.start { $0.networkName = "TachikomaNet" }
        defer { Task { await server.shutdown() } }
        let port = server.ports[0]
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tk-irssi-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }

        let irssi = try TmuxSession(
            command: ["irssi", "--home=\(home.path)", "-c", "127.0.0.1", "-p", String(port), "-n", "irssiuser"],
            width: 120, height: 40, environment: ["LANG": "C.UTF-8", "TERM": "tmux-256color"])
        defer { irssi.close() }
        try irssi.waitFor("Welcome to the TachikomaNet Network", timeout: 20)
        // irssi spaces its own commands 2.2 s apart by default; this test needs no pacing.
        irssi.type("/set cmd_queue_speed 0")
        irssi.press("Enter")

        let peer = try TestClient(port: port)
        try peer.register("peer")
        peer.send("JOIN #interop")
        try peer.expect("366")

        irssi.type("/join #interop")
        irssi.press("Enter")
        let join = try peer.read(until: { $0.command == "JOIN" && $0.source?.name == "irssiuser" }, timeout: 30).last!
        #expect(join.parameters == ["#interop"])
        try irssi.waitFor("has joined #interop", timeout: 30)

        irssi.type("hello from irssi 你好")
        irssi.press("Enter")
        let message = try peer.read(until: { $0.command == "PRIVMSG" }, timeout: 30).last!
        #expect(message.source?.name == "irssiuser")
        #expect(message.parameters == ["#interop", "hello from irssi 你好"])

        peer.send("PRIVMSG #interop :greetings from the test client")
        let screen = try irssi.waitFor("greetings from the test client", timeout: 30)
        #expect(screen.contains("peer"))

        peer.send("PRIVMSG irssiuser :a private word")
        try irssi.waitFor("Act: 1,3", timeout: 30) // irssi opened a query window for it
        irssi.type("/window 3")
        irssi.press("Enter")
        try irssi.waitFor("a private word", timeout: 30)
        irssi.type("/quit leaving now")
        irssi.press("Enter")
        let quit = try peer.read(until: { $0.command == "QUIT" }, timeout: 30).last!
        #expect(quit.source?.name == "irssiuser")
        #expect(quit.parameters == ["Quit: leaving now"])
    }
}
