import IRCProtocol
import Logging
import NIOConcurrencyHelpers
import ServerCore
import ServerNIO

/// Starts a real server on an ephemeral loopback port; one per test suite.
enum ServerFixture {
    static func start(_ configure: (inout ServerConfig) -> Void = { _ in }) async throws -> IRCServer {
        var config = ServerConfig()
        config.serverName = "test.server"
        config.operators = [.init(name: "admin", password: "hunter2"), .init(name: "remote", password: "pw", hostMask: "*@10.*")]
        config.floodBurst = 400
        config.floodRate = 400
        config.floodMaxQueuedLines = 2000
        config.maxConnectionsPerIP = 0
        configure(&config)
        var logger = Logger(label: "tachikoma.test-server")
        logger.logLevel = .error
        return try await IRCServer.start(config: config, listen: [(host: "127.0.0.1", port: 0)], logger: logger)
    }
}

/// A lazily started shared server for suites that only need defaults.
actor SharedServer {
    static let shared = SharedServer()
    private var starting: Task<IRCServer, any Error>?

    /// The shared server's port; concurrent first calls wait for the same start.
    func port() async throws -> Int {
        if starting == nil {
            starting = Task { try await ServerFixture.start() }
        }
        return try await starting!.value.ports[0]
    }
}

/// Makes nick names unique across the tests that share a server.
enum Nick {
    private static let counter = NIOLockedValueBox(0)
    static func make(_ base: String) -> String {
        let n = counter.withLockedValue { value in
            value += 1
            return value
        }
        return "\(base)\(n)"
    }
}
