import Foundation
import TerminalHarness
import Testing

/// Issue 18: "A pet whose bundled server runs can offer it to the network only when the user
/// asks (menu item *Share my server on this network*, which restarts the bundled server on
/// the LAN address with `--announce` and says so in a toast) — never by default."
///
/// A person in host A starts the pet and chats as a guest (the bundled server starts, on
/// loopback only). Host B, across the veth link, can neither reach nor find it. The person
/// picks *Share my server on this network* from the menu with the mouse: host B then finds it
/// (`tachikoma servers`, our mDNS browser) and can connect to it; *Stop sharing my server*
/// takes it back to loopback.
@Suite struct ShareServerTests {
    @Test func sharingIsTheUsersChoiceAndCanBeTakenBack() throws {
        let dir = NSTemporaryDirectory() + "tk-share-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hosts = try NetworkNamespaces(subnet: 204)
        defer { hosts.remove() }
        let pet = try hosts.startPet(in: hosts.nameA, home: dir, seed: 5, mdns: false)
        defer { pet.close() }

        // Chat as a guest: the bundled server starts in host A, for this machine only.
        pet.type("c")
        try pet.waitFor("Guest", timeout: 15)
        let nick = try Self.locate(pet, "Nick")
        pet.click(.left, x: nick.x + 12, y: nick.y)
        pet.type("sharer")
        let guest = try Self.locate(pet, "Guest")
        pet.click(.left, x: guest.x + 1, y: guest.y)
        try pet.waitFor("#tachikoma", timeout: 30)
        let server = "\(hosts.addressA):6667"
        #expect(try !Self.reachable(hosts, from: hosts.nameB, hosts.addressA), "not shared by default")
        #expect(try Self.servers(hosts) == [], "nothing announced by default")

        // Menu → Share my server on this network.
        pet.press("Escape")
        try Self.choose(pet, "Share my server on this network")
        try pet.waitFor("is on this network now", timeout: 20)
        try waitUntil("host B to reach \(server)", timeout: 20) { try Self.reachable(hosts, from: hosts.nameB, hosts.addressA) }
        var found: [String] = []
        try waitUntil("host B to find the server", timeout: 30) {
            found = try Self.servers(hosts)
            return !found.isEmpty
        }
        #expect(found.count == 1 && found[0].contains(server) && found[0].contains("tachikoma."), "\(found)")
        #expect(!found.joined().contains("127.0.0.1"), "loopback is never announced: \(found)")

        // The pet's own chat came back on the restarted server.
        pet.type("c")
        try pet.waitUntil("the chat to reconnect", timeout: 30) { screen in
            screen.contains("▸#tachikoma") && !screen.contains("disconnected") && !screen.contains("reconnecting")
        }
        pet.press("Escape")

        // Menu → Stop sharing my server: loopback only again.
        try Self.choose(pet, "Stop sharing my server")
        try pet.waitFor("back to this machine", timeout: 20)
        try waitUntil("host B to lose \(server)", timeout: 20) { try !Self.reachable(hosts, from: hosts.nameB, hosts.addressA) }
        #expect(try Self.servers(hosts) == [], "withdrawn from the network")
    }

    /// Opens the menu with a right-click on the pet and clicks the item titled `title`.
    static func choose(_ pet: TmuxSession, _ title: String) throws {
        let body = try locatePet(pet)
        pet.click(.right, x: body.x, y: body.y)
        try pet.waitFor(title, timeout: 10)
        let item = try locate(pet, title)
        pet.click(.left, x: item.x + 2, y: item.y)
    }

    /// A cell of the pet's drawing (the lowest row with block characters, its middle).
    static func locatePet(_ pet: TmuxSession) throws -> (x: Int, y: Int) {
        let rows = pet.lines()
        for (y, row) in rows.enumerated().reversed() {
            let cells = Array(row)
            if let first = cells.firstIndex(where: { ("\u{2580}"..."\u{259F}").contains($0) }),
               let last = cells.lastIndex(where: { ("\u{2580}"..."\u{259F}").contains($0) }) {
                return ((first + last) / 2, y - 3)
            }
        }
        throw NetworkNamespaces.Failure(description: "no pet on screen:\n\(pet.capture())")
    }

    static func locate(_ pet: TmuxSession, _ text: String) throws -> (x: Int, y: Int) {
        for (y, row) in pet.lines().enumerated() {
            if let r = row.range(of: text) { return (row[..<r.lowerBound].count, y) }
        }
        throw NetworkNamespaces.Failure(description: "'\(text)' is not on screen:\n\(pet.capture())")
    }

    /// Whether a TCP connection from `namespace` to `address`:6667 is accepted.
    static func reachable(_ hosts: NetworkNamespaces, from namespace: String, _ address: String) throws -> Bool {
        let probe = "import socket,sys\ns=socket.socket(); s.settimeout(2)\ntry:\n s.connect(('\(address)',6667)); print('open')\nexcept OSError as e:\n print('closed', e)"
        return try hosts.run(in: namespace, ["python3", "-c", probe]).stdout.hasPrefix("open")
    }

    /// What `tachikoma servers` finds from host B (one line per server).
    static func servers(_ hosts: NetworkNamespaces) throws -> [String] {
        let result = try hosts.run(in: hosts.nameB, [Products.path("tachikoma"), "servers", "--timeout", "3"])
        return result.stdout.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
