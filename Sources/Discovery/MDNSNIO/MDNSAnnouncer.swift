import Logging
import MDNS
import NIOCore

/// Publishes service instances over multicast DNS until `stop()`: on each interface a
/// socket answers queries for them, three unsolicited announcements go out at 0, 1 and 3
/// seconds (RFC 6762 §8.3), and `stop()` sends the goodbye (TTL 0) before closing.
public final class MDNSAnnouncer: Sendable {
    private struct Published: Sendable {
        let interface: MulticastInterface
        let services: [ServiceInstance]
        let channel: any Channel
    }

    private let published: [Published]
    private let announcing: Task<Void, Never>
    private let logger: Logger

    private init(published: [Published], logger: Logger) {
        self.published = published
        self.logger = logger
        announcing = Task {
            for delay in [0, 1, 2] {
                do {
                    try await Task.sleep(for: .seconds(delay))
                } catch {
                    return
                }
                for entry in published {
                    for service in entry.services {
                        Self.send(service.announcement(), on: entry, logger: logger)
                    }
                }
            }
        }
    }

    /// Opens a socket on each interface given with its services, and starts announcing.
    /// An interface whose socket cannot be set up is an error (nothing stays open).
    public static func start(
        _ plans: [(interface: MulticastInterface, services: [ServiceInstance])],
        group: any EventLoopGroup, logger: Logger
    ) async throws -> MDNSAnnouncer {
        var published: [Published] = []
        for plan in plans {
            for service in plan.services { try service.validate() }
            let responder = MDNSResponder(services: plan.services)
            do {
                let (channel, _) = try await MDNSSocket.open(on: plan.interface, port: MDNSResponder.port, group: group) { channel in
                    try channel.pipeline.syncOperations.addHandler(
                        MDNSResponderHandler(responder: responder, interface: plan.interface, logger: logger))
                }
                published.append(Published(interface: plan.interface, services: plan.services, channel: channel))
            } catch {
                for entry in published { try? await entry.channel.close() }
                throw MDNSSocketError("mDNS on \(plan.interface.name) (\(plan.interface.address)): \(error)")
            }
        }
        return MDNSAnnouncer(published: published, logger: logger)
    }

    /// Stops announcing: every instance's goodbye on every interface, then the sockets close.
    public func stop() async {
        announcing.cancel()
        await announcing.value
        for entry in published {
            for service in entry.services {
                do {
                    try await entry.channel.writeAndFlush(MDNSSocket.envelope(try service.goodbye().encoded(), to: MDNSSocket.groupAddress))
                } catch {
                    logger.warning("mDNS goodbye not sent", metadata: ["interface": "\(entry.interface.name)", "error": "\(error)"])
                }
            }
            try? await entry.channel.close()
        }
    }

    private static func send(_ message: DNSMessage, on entry: Published, logger: Logger) {
        do {
            entry.channel.writeAndFlush(MDNSSocket.envelope(try message.encoded(), to: MDNSSocket.groupAddress), promise: nil)
        } catch {
            logger.error("mDNS announcement not encodable", metadata: ["error": "\(error)"])
        }
    }
}
