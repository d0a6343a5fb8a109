import Foundation
import TerminalHarness
import Testing

/// The pet's chat form, in a real terminal in host A, lists a server announced by our
/// server in host B (across the veth link), and choosing it fills the Server field.
@Suite struct PetFormDiscoveryTests {
    @Test func theChatFormListsAServerOfTheLinkAndChoosingItFillsTheAddress() throws {
        let dir = NSTemporaryDirectory() + "tk-mdns-pet-\(UUID().uuidString.prefix(8))"
        for sub in ["/config/tachikoma", "/data", "/run"] {
            try FileManager.default.createDirectory(atPath: dir + sub, withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hosts = try NetworkNamespaces(subnet: 203)
        defer { hosts.remove() }
        let server = try hosts.start(in: hosts.nameB, [Products.path("tachikoma-server"), "--listen", "0.0.0.0:6667", "--db", "none",
                                                       "--name", "lan.server", "--announce"], log: dir + "/server.log")
        try waitUntil("the server to announce (\(contents(dir + "/server.log")))", timeout: 20) {
            contents(dir + "/server.log").contains("announced on the local network")
        }
        try "".write(toFile: dir + "/pet.toml", atomically: true, encoding: .utf8)
        let pet = try TmuxSession(
            command: ["/usr/sbin/ip", "netns", "exec", hosts.nameA, Products.path("tachikoma"), "--config", dir + "/pet.toml", "--seed", "3"],
            width: 100, height: 30,
            environment: ["XDG_CONFIG_HOME": dir + "/config", "XDG_DATA_HOME": dir + "/data", "XDG_RUNTIME_DIR": dir + "/run",
                          "HOME": dir, "TACHIKOMA_MDNS": "on"])
        defer { pet.close() }
        try pet.waitUntil("the pet to draw", timeout: 20) { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        pet.type("c")
        try pet.waitFor("Tachikoma chat", timeout: 15)
        let screen = try pet.waitFor("lan.server", timeout: 20)
        #expect(screen.contains("On LAN"))
        #expect(screen.contains("lan.server  \(hosts.addressB):6667"))
        pet.press("BTab")
        pet.press("Enter")
        try pet.waitFor("Server    \(hosts.addressB):6667", timeout: 10)
        #expect(hosts.terminate(server) == 0)
    }
}
