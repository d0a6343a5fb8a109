#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness
import Testing

/// The bundled server shared by a user's pets: one server however many pets chat on the
/// same loopback address, kept while any of them runs, stopped with the last.
@Suite(.serialized) struct BundledServerTests {
    let pet = Products.path("tachikoma")

    /// The pids of `tachikoma-server` processes listening on `port`.
    static func servers(port: Int) throws -> [pid_t] {
        let found = try Spawn.run(["/usr/bin/pgrep", "-f", "^" + Products.path("tachikoma-server") + " --listen 127.0.0.1:\(port) "])
        return found.stdout.split(separator: "\n").compactMap { pid_t($0) }
    }

    @Test func twoPetsStartedTogetherShareOneServerThatStopsWithTheLast() throws {
        let port = try Loopback.freePort()
        #expect(!Loopback.answers(port))
        let dir = NSTemporaryDirectory() + "tk-twins-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir + "/config/tachikoma", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/run", withIntermediateDirectories: true)
        try "".write(toFile: dir + "/pet.toml", atomically: true, encoding: .utf8)
        try "server = \"127.0.0.1:\(port)\"\nnick = \"twin\"\nremember = true\n"
            .write(toFile: dir + "/chat.toml", atomically: true, encoding: .utf8)  // beside pet.toml
        let env = ["XDG_CONFIG_HOME": dir + "/config", "XDG_DATA_HOME": dir + "/data", "XDG_RUNTIME_DIR": dir + "/run", "HOME": dir]
        // The same user starts two pets in the same second; both connect at start.
        let first = try TmuxSession(command: [pet, "--config", dir + "/pet.toml", "--seed", "5"], width: 100, height: 28, environment: env)
        defer { first.close() }
        let second = try TmuxSession(command: [pet, "--config", dir + "/pet.toml", "--seed", "6"], width: 100, height: 28, environment: env)
        defer { second.close() }
        for t in [first, second] {
            t.type("c")
            try t.waitFor("● twin", timeout: 30)
        }
        let started = try Self.servers(port: port)
        #expect(started.count == 1, "servers on \(port): \(started)")

        // The first pet dies hard; the server stays for the second, which stays online.
        let firstPets = { try Spawn.run(["/usr/bin/pgrep", "-f", "^" + pet + " --config " + dir + "/pet.toml --seed 5"])
            .stdout.split(separator: "\n").compactMap { pid_t($0) } }
        let firstPet = try #require(try firstPets().first)
        kill(firstPet, SIGKILL)
        try Loopback.eventually("the first pet is gone") { (try? firstPets().isEmpty) ?? false }
        usleep(1_500_000)
        #expect(try Self.servers(port: port) == started)
        #expect(Loopback.answers(port))
        second.type("still here?")
        second.press("Enter")
        // Which of the two got "twin" and which "twin_" depends on who registered first.
        try second.waitUntil("the survivor's line echoed") { $0.contains("twin: still here?") || $0.contains("twin_: still here?") }
        #expect(!second.capture().contains("offline"))

        // The last pet quits: the server stops with it.
        second.type("/quit")
        second.press("Enter")
        try Loopback.eventually("the server stops with the last pet") { !Loopback.answers(port) }
        // Its port closes before its process is gone (a sanitizer's exit report, a loaded machine).
        try Loopback.eventually("the server process exits") { (try? Self.servers(port: port).isEmpty) ?? false }
    }
}
