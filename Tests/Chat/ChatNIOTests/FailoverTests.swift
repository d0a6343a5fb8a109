import ChatCore
import ChatNIO
import Foundation
import TerminalHarness
import Testing

/// Clients move (issue 14, item 4), over real sockets: a client given two addresses is online
/// on the first; that server is killed; the client reconnects to the second by itself, joins
/// the room there and talks with whoever is on it.
@Suite struct FailoverTests {
    @Test func aClientMovesToTheNextServerWhenItsServerDies() async throws {
        let first = try Ports.free(), second = try Ports.free()
        let dirA = try ServerProcess.tempDirectory(), dirB = try ServerProcess.tempDirectory()
        defer {
            try? FileManager.default.removeItem(at: dirA)
            try? FileManager.default.removeItem(at: dirB)
        }
        let serverA = try ServerProcess.tachikoma(port: first, directory: dirA)
        defer { serverA.kill() }
        let serverB = try ServerProcess.tachikoma(port: second, directory: dirB)
        defer { serverB.kill() }
        try await Ports.waitListening(first)
        try await Ports.waitListening(second)

        var config = ChatConfig(port: first, nick: "alice")
        config.alternates = [ChatEndpoint(host: "127.0.0.1", port: second)]
        let alice = Observed(config, backoff: ReconnectBackoff(base: 0.2, cap: 0.5))
        let bob = Observed(ChatConfig(port: second, nick: "bob"))
        alice.client.start()
        bob.client.start()
        let onA = try await alice.until("alice online on the first") { $0.phase == .online && $0.sees("alice", in: "#tachikoma") }
        #expect(onA.endpoint.port == first)
        #expect(!onA.sees("bob", in: "#tachikoma"), "bob is on the other server")

        serverA.kill()
        let onB = try await alice.until("alice moved to the second") {
            $0.phase == .online && $0.endpoint.port == second && $0.sees("bob", in: "#tachikoma")
        }
        #expect(onB.buffers[0].lines.contains { $0.text.contains("127.0.0.1:\(second)") }, "the user was told where it went")
        alice.client.perform(.say(target: "#tachikoma", text: "moved over", action: false))
        try await bob.until("bob reads alice on the second") { $0.texts("#tachikoma").contains("moved over") }
        await alice.client.stop()
        await bob.client.stop()
    }

    /// The same between two nodes of one cluster (one PostgreSQL database): the client moves
    /// to the surviving node and what was said while it moved reaches it (live, or replayed
    /// from the shared history), so nothing is missed.
    @Test func aClientMovesBetweenNodesOfOneClusterAndMissesNothing() async throws {
        let (_, url) = try PostgresCluster.running().makeDatabase()
        let first = try Ports.free(), second = try Ports.free()
        let dirA = try ServerProcess.tempDirectory(), dirB = try ServerProcess.tempDirectory()
        defer {
            try? FileManager.default.removeItem(at: dirA)
            try? FileManager.default.removeItem(at: dirB)
        }
        func node(_ name: String, _ port: Int, _ dir: URL) throws -> ServerProcess {
            try ServerProcess(executable: Products.path("tachikoma-server"),
                              arguments: ["--listen", "127.0.0.1:\(port)", "--name", "\(name).tachikoma.test", "--db", url, "--node", name],
                              port: port, directory: dir)
        }
        let nodeA = try node("a", first, dirA)
        defer { nodeA.kill() }
        let nodeB = try node("b", second, dirB)
        defer { nodeB.kill() }
        try await Ports.waitListening(first)
        try await Ports.waitListening(second)

        var config = ChatConfig(port: first, nick: "alice")
        config.alternates = [ChatEndpoint(host: "127.0.0.1", port: second)]
        let alice = Observed(config, backoff: ReconnectBackoff(base: 0.2, cap: 0.5))
        let bob = Observed(ChatConfig(port: second, nick: "bob"))
        alice.client.start()
        bob.client.start()
        // One network: alice on node a sees bob of node b in the room.
        try await alice.until("alice sees bob across nodes") { $0.phase == .online && $0.sees("bob", in: "#tachikoma") }
        try await bob.until("bob sees alice across nodes") { $0.sees("alice", in: "#tachikoma") }

        nodeA.kill()
        // Said at once, while alice has no connection.
        bob.client.perform(.say(target: "#tachikoma", text: "said while you moved", action: false))
        let moved = try await alice.until("alice on node b has the line") {
            $0.phase == .online && $0.endpoint.port == second && $0.texts("#tachikoma").contains("said while you moved")
        }
        #expect(moved.texts("#tachikoma").filter { $0 == "said while you moved" }.count == 1, "shown once, not twice")
        alice.client.perform(.say(target: "#tachikoma", text: "back on b", action: false))
        try await bob.until("bob reads alice on node b") { $0.texts("#tachikoma").contains("back on b") }
        await alice.client.stop()
        await bob.client.stop()
    }

}
