import MDNS
import NIOCore

/// One browse: asks for service types on every given interface, listens for the given
/// time, and returns what resolved.
public enum MDNSBrowse {
    /// Browses `serviceTypes` for `duration`, querying at 0 s, 1 s and then every 2 s. It
    /// listens on port 5353 beside any other responder (so unsolicited announcements count
    /// too) and falls back to a one-shot querier's own port when 5353 cannot be shared.
    /// The same instance seen on several interfaces is one entry with every address.
    public static func browse(
        serviceTypes: [DNSName], interfaces: [MulticastInterface], duration: Duration, group: any EventLoopGroup
    ) async throws -> [DiscoveredService] {
        var sockets: [(channel: any Channel, handler: NIOLoopBound<MDNSBrowseHandler>)] = []
        defer {
            for socket in sockets { socket.channel.close(promise: nil) }
        }
        for interface in interfaces {
            let initialize: @Sendable (any Channel) throws -> NIOLoopBound<MDNSBrowseHandler> = { channel in
                let handler = MDNSBrowseHandler(browser: ServiceBrowser(serviceTypes: serviceTypes), interface: interface)
                try channel.pipeline.syncOperations.addHandler(handler)
                return NIOLoopBound(handler, eventLoop: channel.eventLoop)
            }
            let opened: (channel: any Channel, output: NIOLoopBound<MDNSBrowseHandler>)
            do {
                opened = try await MDNSSocket.open(on: interface, port: MDNSResponder.port, group: group, initialize: initialize)
            } catch {
                opened = try await MDNSSocket.open(on: interface, port: 0, group: group, initialize: initialize)
            }
            sockets.append((opened.channel, opened.output))
        }
        let start = ContinuousClock.now
        var nextQuery = Duration.zero
        while ContinuousClock.now - start < duration {
            if ContinuousClock.now - start >= nextQuery {
                for socket in sockets {
                    let handler = socket.handler
                    let query = try await socket.channel.eventLoop.submit { handler.value.browser.query() }.get()
                    socket.channel.writeAndFlush(MDNSSocket.envelope(try query.encoded(), to: MDNSSocket.groupAddress), promise: nil)
                }
                nextQuery = nextQuery == .zero ? .seconds(1) : nextQuery + .seconds(2)
            }
            let remaining = duration - (ContinuousClock.now - start)
            try await Task.sleep(for: min(.milliseconds(100), max(remaining, .zero)))
        }
        var merged: [DiscoveredService] = []
        for socket in sockets {
            let handler = socket.handler
            for service in try await socket.channel.eventLoop.submit({ handler.value.browser.resolved }).get() {
                if let index = merged.firstIndex(where: {
                    $0.serviceType == service.serviceType && $0.instanceName == service.instanceName
                        && $0.hostName == service.hostName && $0.port == service.port
                }) {
                    merged[index].addresses = Array(Set(merged[index].addresses + service.addresses)).sorted()
                    merged[index].addresses6 += service.addresses6.filter { !merged[index].addresses6.contains($0) }
                } else {
                    merged.append(service)
                }
            }
        }
        return merged
    }
}
