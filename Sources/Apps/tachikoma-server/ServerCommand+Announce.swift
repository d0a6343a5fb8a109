#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import MDNS
import MDNSNIO
import NIOCore
import NIOPosix
import ServerConfigTOML
import ServerCore
import ServerDiscovery
import ServerNIO

/// The mDNS announcer and its event loop thread, stopped (goodbyes sent) before the server.
struct Announcement {
    let announcer: MDNSAnnouncer
    let group: MultiThreadedEventLoopGroup

    func stop() async {
        await announcer.stop()
        try? await group.shutdownGracefully()
    }
}

/// Why announcing could not start, in words (not a usage error).
struct AnnounceStartError: Error, CustomStringConvertible {
    let description: String
}

extension ServerCommand {
    /// `--announce` / `[server] announce`: publishes every listener that is on a
    /// non-loopback, multicast-capable IPv4 interface (a wildcard listener on each such
    /// interface), with the bound ports. Listeners that cannot be announced are named in the
    /// log; when none can, the server runs unannounced and says so.
    static func startAnnouncing(_ settings: ServerSettings, server: IRCServer, logger: Logger) async throws -> Announcement? {
        guard settings.announce else { return nil }
        let requested = settings.listen.map { ($0.host, false) } + settings.tlsListen.map { ($0.host, true) }
        let listeners = zip(requested, server.ports).map { ServerAdvert.Listener(host: $0.0.0, port: $0.1, tls: $0.0.1) }
        let interfaces: [MulticastInterface]
        do {
            interfaces = try MulticastInterface.all()
        } catch {
            throw AnnounceStartError(description: "--announce: cannot list the network interfaces: \(error)")
        }
        let advert = ServerAdvert(
            serverName: settings.config.serverName, networkName: settings.config.networkName,
            accountsOpen: settings.config.registration.enabled && settings.databasePath != "none",
            listeners: listeners, hostLabel: ServerAdvert.hostLabel(machineName: machineName()))
        let (plans, notes) = advert.plans(interfaces: interfaces.map {
            ServerAdvert.Interface(name: $0.name, address: $0.address, netmask: $0.netmask, multicast: $0.multicast)
        })
        for note in notes { logger.warning("--announce: \(note)") }
        guard !plans.isEmpty else {
            logger.warning("--announce: nothing announced: no listener is on a non-loopback, multicast-capable IPv4 interface")
            return nil
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let announcer = try await MDNSAnnouncer.start(plans.compactMap { plan in
                interfaces.first { $0.name == plan.interfaceName && $0.address == plan.address }.map { ($0, plan.services) }
            }, group: group, logger: logger)
            for plan in plans {
                logger.info("announced on the local network (mDNS)", metadata: [
                    "interface": "\(plan.interfaceName)", "address": "\(plan.address)",
                    "services": "\(plan.services.map { "\($0.instanceName).\($0.serviceType) port \($0.port)" }.joined(separator: ", "))",
                ])
            }
            return Announcement(announcer: announcer, group: group)
        } catch {
            try? await group.shutdownGracefully()
            throw AnnounceStartError(description: "--announce: \(error)")
        }
    }

    /// The machine's host name (gethostname), for the SRV target's label.
    static func machineName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
