import Foundation
import TerminalHarness
import Testing

/// The pet's chat form, in a real terminal in host A, lists a server announced by our
/// server in host B (across the veth link), and choosing it fills the Server field.
@Suite struct PetFormDiscoveryTests {
    @Test func theChatFormListsAServerOfTheLinkAndChoosingItFillsTheAddress() throws {
        let dir = NSTemporaryDirectory() + "tk-mdns-pet-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hosts = try NetworkNamespaces(subnet: 203)
        defer { hosts.remove() }
        let server = try hosts.start(in: hosts.nameB, [Products.path("tachikoma-server"), "--listen", "0.0.0.0:6667", "--db", "none",
                                                       "--name", "lan.server", "--announce"], log: dir + "/server.log")
        try waitUntil("the server to announce (\(contents(dir + "/server.log")))", timeout: 20) {
            contents(dir + "/server.log").contains("announced on the local network")
        }
        let pet = try hosts.startPet(in: hosts.nameA, home: dir, seed: 3, mdns: true)
        defer { pet.close() }
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
