import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServerConfigTOML
import ServerMetrics
import ServerNIO

/// The metrics endpoint and the task that samples the server for it once a second. The
/// endpoint has its own event loop thread, so a scrape never runs on the IRC loop.
struct MetricsExporter {
    let endpoint: MetricsEndpoint
    let group: MultiThreadedEventLoopGroup
    let sampler: Task<Void, Never>

    func stop() async {
        sampler.cancel()
        await endpoint.close()
        try? await group.shutdownGracefully()
    }
}

extension ServerCommand {
    /// Starts `--metrics HOST:PORT` if given.
    func startMetrics(server: IRCServer, logger: Logger) async throws -> MetricsExporter? {
        guard let metrics else { return nil }
        let address: ListenAddress
        do {
            address = try ListenAddress(parsing: metrics)
        } catch {
            throw ValidationError("--metrics: \(error.description)")
        }
        let registry = ServerMetrics()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let endpoint: MetricsEndpoint
        do {
            endpoint = try await MetricsEndpoint.start(host: address.host, port: address.port, metrics: registry, group: group)
        } catch {
            try? await group.shutdownGracefully()
            throw ValidationError("--metrics: cannot listen on \(metrics): \(error)")
        }
        logger.info("metrics endpoint", metadata: ["address": "\(endpoint.localAddress.map { "\($0)" } ?? metrics)"])
        let sampler = Task {
            let start = ContinuousClock.now
            while !Task.isCancelled {
                if let stats = await server.statistics() {
                    let elapsed = ContinuousClock.now - start
                    registry.update(stats, now: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        return MetricsExporter(endpoint: endpoint, group: group, sampler: sampler)
    }
}
