import ChatCore
import ChatNIO
import Foundation
import Testing

/// Pet visits between two chat clients over our server's executable (draft/metadata-2 for the
/// looks, a client-tagged TAGMSG for the visit), and over ngIRCd, which has neither
/// metadata-2 nor message-tags: there, nobody visits and nothing breaks.
@Suite(.serialized) struct VisitTests {
    @Test func aVisitCarriesTheVisitorsLookOverOurServer() async throws {
        let port = try Ports.free()
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try ServerProcess.tachikoma(port: port, directory: dir)
        defer { server.kill() }
        try await Ports.waitListening(port)

        var hostConfig = ChatConfig(port: port, nick: "host")
        hostConfig.look = PetLook(skin: "tank", hue: 40)
        var guestConfig = ChatConfig(port: port, nick: "guest")
        guestConfig.look = PetLook(skin: "tank", hue: 280)
        let host = Observed(hostConfig), guest = Observed(guestConfig)
        defer {
            Task { await host.client.stop() }
            Task { await guest.client.stop() }
        }
        host.client.start()
        guest.client.start()
        try await host.until("both in the room") { $0.phase == .online && $0.sees("guest", in: "#tachikoma") }
        try await guest.until("guest online with metadata") { $0.phase == .online && $0.has("draft/metadata-2") }
        // Sharing the room, each learns the other's look from the server.
        try await host.until("the guest's look") { $0.look(of: "guest") == PetLook(skin: "tank", hue: 280) }

        guest.client.perform(.visit("host"))
        try await host.until("the visit") { _ in
            host.notices.contains(.visit(from: "guest", look: PetLook(skin: "tank", hue: 280)))
        }
        #expect(!guest.notices.contains { if case .visit = $0 { true } else { false } }, "the visitor is not visited")
    }

    @Test func withoutMessageTagsNobodyVisitsAndTheChatGoesOn() async throws {
        let port = try Ports.free()
        let dir = try ServerProcess.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ngircd = try ServerProcess.ngircd(port: port, directory: dir)
        defer { ngircd.kill() }
        try await Ports.waitListening(port)
        var config = ChatConfig(port: port, nick: "solo")
        config.look = PetLook(skin: "tank", hue: 1)
        let solo = Observed(config)
        let other = Observed(ChatConfig(port: port, nick: "other"))
        defer {
            Task { await solo.client.stop() }
            Task { await other.client.stop() }
        }
        solo.client.start()
        other.client.start()
        try await solo.until("both in the room") { $0.phase == .online && $0.sees("other", in: "#tachikoma") }
        solo.client.perform(.visit("other"))
        solo.client.perform(.say(target: "#tachikoma", text: "still talking", action: false))
        try await other.until("the chat goes on") { $0.texts("#tachikoma").contains("still talking") }
        #expect(!other.notices.contains { if case .visit = $0 { true } else { false } })
        let s = try await solo.until("told why") { $0.buffers.contains { $0.lines.contains { $0.text.contains("Pets can visit") } } }
        #expect(!s.has("draft/metadata-2"))
    }
}
