import Dispatch
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// A few PostgreSQL connections for blocking callers: the server's storage queues are
/// Dispatch threads (never Swift's cooperative pool), so each call takes a connection, blocks
/// on its futures (`block()`) and gives it back.
///
/// Waiting on `EventLoopFuture`s rather than awaiting `PostgresClient` keeps the answers off
/// the cooperative thread pool: a test or a caller that blocks a pool thread cannot starve
/// the work it waits for. A connection that fails is dropped, and the next call dials
/// again, so a database that went away and came back is used again without a restart.
final class PostgresConnections: Sendable {
    let url: PostgresURL
    let logger: Logger
    private let group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    private let idle = NIOLockedValueBox<[PostgresConnection]>([])
    private let nextID = NIOLockedValueBox(0)
    /// At most this many calls hold a connection at once; the others wait their turn.
    private let slots: DispatchSemaphore
    private let maximum: Int

    init(url: PostgresURL, maximum: Int = 4, logger: Logger) {
        self.url = url
        self.logger = logger
        self.maximum = maximum
        slots = DispatchSemaphore(value: maximum)
    }

    private func configuration() throws -> PostgresConnection.Configuration {
        var c: PostgresConnection.Configuration
        if let socket = url.socketPath {
            c = .init(unixSocketPath: socket, username: url.user, password: url.password, database: url.database)
        } else {
            c = .init(host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                      tls: try Self.tls(for: url))
        }
        c.options.connectTimeout = .seconds(5)
        return c
    }

    /// The TLS settings `url.tls` asks for (a context per connection: a renewed authority
    /// file is read at the next connect).
    static func tls(for url: PostgresURL) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch url.tls {
        case .disable:
            return .disable
        case .require:
            tls.certificateVerification = .none
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
        case .verifyFull:
            tls.certificateVerification = .fullVerification
        }
        if let file = url.rootCertificate {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            } catch {
                throw PostgresStorageError.failed(url.description, "cannot read sslrootcert \(file): \(error)")
            }
        }
        do {
            return .require(try NIOSSLContext(configuration: tls))
        } catch {
            throw PostgresStorageError.failed(url.description, "TLS setup: \(error)")
        }
    }

    func connect() throws -> PostgresConnection {
        let id = nextID.withLockedValue { $0 += 1; return $0 }
        do {
            return try PostgresConnection.connect(on: group.next(), configuration: configuration(), id: id, logger: logger).block()
        } catch let error as PostgresStorageError {
            throw error
        } catch {
            throw PostgresStorageError.unreachable(url.description, PostgresStorageError.explain(error))
        }
    }

    /// Runs `body` with a connection of its own; a connection that failed is closed, not reused.
    func with<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        var connection = idle.withLockedValue { $0.popLast() }
        if let c = connection, c.isClosed { connection = nil }
        let c = try connection ?? connect()
        do {
            let result = try body(c)
            idle.withLockedValue { $0.append(c) }
            return result
        } catch let error as NoAnswer {
            // Its statement may still be pending: neither ROLLBACK nor a clean close would be
            // answered either. Drop the connection without waiting.
            c.close().whenComplete { _ in }
            throw PostgresStorageError.failed(url.description, error.description)
        } catch {
            // A refused statement leaves the connection usable; a lost one is closed.
            if !c.isClosed, (try? c.query("ROLLBACK", logger: logger).block()) != nil {
                idle.withLockedValue { $0.append(c) }
            } else {
                _ = try? c.close().block()
            }
            throw error
        }
    }

    /// Runs `body` in one transaction (`BEGIN` … `COMMIT`, rolled back when it throws).
    func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try with { c in
            _ = try c.query("BEGIN", logger: logger).block()
            let result = try body(c)
            _ = try c.query("COMMIT", logger: logger).block()
            return result
        }
    }

    /// postgres-nio asserts that a connection is closed before it is released: the idle ones
    /// are closed here (a busy one cannot exist, its call holds a reference to this object).
    deinit {
        for c in idle.withLockedValue({ $0 }) { _ = try? c.close().block() }
    }

    /// Closes every idle connection (the busy ones close when their call ends).
    func close() {
        for _ in 0..<maximum { slots.wait() }
        for c in idle.withLockedValue({ list in defer { list = [] }; return list }) { _ = try? c.close().block() }
        for _ in 0..<maximum { slots.signal() }
    }
}

extension PostgresConnection {
    /// Runs one statement and collects its rows (blocking; never call from an event loop).
    func run(_ query: PostgresQuery, _ logger: Logger) throws -> [PostgresRow] {
        try self.query(query, logger: logger).block().rows
    }
}

/// A database that did not answer a statement (or a connection attempt) within
/// `answerTimeout`: a half-open connection, or one whose server process was terminated
/// while a statement was in flight, never completes its future on its own — and the storage
/// thread waiting on it would hold every write behind it (seen: a node that lost its
/// database served again, but no one could register on it).
struct NoAnswer: Error, CustomStringConvertible {
    let seconds: Double
    var description: String { "no answer from the database within \(Int(seconds)) s; connection dropped" }
}

/// How long one statement or connection attempt may go unanswered.
let answerTimeout: Double = 15

extension EventLoopFuture where Value: Sendable {
    /// Blocks the calling thread until the future completes, at most `timeout` seconds
    /// (then throws `NoAnswer`). Unlike NIO's `wait()` this may run on an event loop other
    /// than the future's: the server asks for its account names once on its own loop at
    /// startup, as it does of SQLite, while these futures complete on NIO's singleton group.
    /// On the future's own loop it would never return, so it throws.
    func block(timeout: Double = answerTimeout) throws -> Value {
        guard !eventLoop.inEventLoop else { throw PostgresStorageError.failed("postgres", "blocking call on the database's own event loop") }
        let done = DispatchSemaphore(value: 0)
        let result = NIOLockedValueBox<Result<Value, any Error>?>(nil)
        whenComplete { r in
            result.withLockedValue { $0 = r }
            done.signal()
        }
        guard done.wait(timeout: .now() + timeout) == .success else { throw NoAnswer(seconds: timeout) }
        return try result.withLockedValue { $0! }.get()
    }
}
