import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Translator

/// Sends a translation request to an `OnlineBackend` over HTTP(S) with AsyncHTTPClient.
/// The whole exchange — connecting, the answer's head and every byte of its body — must end
/// within the backend's timeout, and a body larger than `maxAnswerBytes` is refused as it
/// arrives, not after it was read whole.
public struct OnlineTranslator: Sendable {
    public let backend: OnlineBackend
    /// `http_proxy`, `https_proxy`, `no_proxy` (either case; see `ProxySetting`).
    let environment: [String: String]

    /// The largest answer body read, in bytes. A translation of one sentence is a few hundred
    /// bytes; a service's error page a few kilobytes.
    public static let maxAnswerBytes = 1 << 20

    public init(backend: OnlineBackend, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.backend = backend
        self.environment = environment
    }

    /// The service's translation of `text`; throws `OnlineError` with a clear message.
    public func translate(_ text: String) async throws(OnlineError) -> String {
        let built = try backend.request(for: text)
        var request = HTTPClientRequest(url: built.url.absoluteString)
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: built.body))
        for (name, value) in built.headers.sorted(by: { $0.key < $1.key }) { request.headers.add(name: name, value: value) }
        let prepared = request
        let client = Self.client(proxy: ProxySetting(for: built.url, environment: environment))
        let seconds = backend.timeout
        let service = backend.name
        let outcome: (status: Int, body: Data)
        do {
            outcome = try await withDeadline(seconds: seconds) {
                let response = try await client.execute(prepared, deadline: .now() + .milliseconds(Int64(seconds * 1000)))
                let body = try await response.body.collect(upTo: Self.maxAnswerBytes)
                return (Int(response.status.code), Data(body.readableBytesView))
            }
        } catch is DeadlineExceeded {
            throw .timedOut(service: service, seconds: seconds)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .timedOut(service: service, seconds: seconds)
        } catch is NIOTooManyBytesError {
            throw .badResponse(service: service, detail: "the answer is larger than \(Self.maxAnswerBytes / 1024 / 1024) MiB")
        } catch {
            throw .unreachable(service: service, detail: Self.describe(error))
        }
        return try backend.translation(status: outcome.status, body: outcome.body)
    }

    /// A connection failure as a person reads it: "Connection refused", not the library's
    /// type names.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return "cannot resolve \(error.host)"
            }
            return error.connectionErrors.first.map { describe($0.error) } ?? "cannot connect to \(error.host)"
        case let error as SocketAddressError:
            if case .unknown(let host, _) = error { return "cannot resolve \(host)" }
            return String(describing: error)
        case let error as NIOSSLError:
            if String(describing: error).contains("CERTIFICATE_VERIFY_FAILED") { return "its TLS certificate is not trusted here" }
            return "the TLS handshake failed (\(error))"
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return "its TLS certificate is for another host"
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout: return "connecting timed out"
            case .remoteConnectionClosed: return "the service closed the connection"
            case .tlsHandshakeTimeout: return "the TLS handshake timed out"
            case .proxyAuthenticationRequired: return "the proxy asks for a password"
            case .invalidProxyResponse: return "the proxy refused the connection"
            default: return error.description
            }
        default:
            return String(describing: error)
        }
    }

    // MARK: Clients

    /// One client per proxy setting for the life of the process: connections to a service
    /// are kept alive between translations, and nothing is built per request. (A pthread
    /// lock, which ThreadSanitizer sees; it does not see `Synchronization.Mutex`'s futex.)
    private static let clients = NIOLockedValueBox<[ProxySetting: HTTPClient]>([:])

    static func client(proxy: ProxySetting) -> HTTPClient {
        clients.withLockedValue { clients in
            if let client = clients[proxy] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(connect: .seconds(30), read: .seconds(120))
            configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
            // A refused connection is reported at once ("is the service running?"), not
            // retried with backoff until the timeout.
            configuration.connectionPool.retryConnectionEstablishment = false
            if case .server(let host, let port) = proxy { configuration.proxy = .server(host: host, port: port) }
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[proxy] = client
            return client
        }
    }
}

/// Whether a request goes through a proxy, read from the environment much as curl (and so
/// URLSession on Linux) reads it: `https_proxy` for https, `http_proxy` for http, `no_proxy`
/// a comma-separated list of host names, domain suffixes or `*`; lower case first, upper case
/// too (curl ignores an upper-case `HTTP_PROXY`, a guard for CGI programs that a pet does not
/// need). Loopback addresses never go through a proxy; credentials in the proxy URL are not
/// passed on.
enum ProxySetting: Hashable, Sendable {
    case direct
    case server(host: String, port: Int)

    init(for url: URL, environment: [String: String]) {
        self = .direct
        guard let host = url.host?.lowercased(), let scheme = url.scheme?.lowercased() else { return }
        if host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" { return }
        func variable(_ name: String) -> String? {
            (environment[name] ?? environment[name.uppercased()]).flatMap { $0.isEmpty ? nil : $0 }
        }
        if let exempt = variable("no_proxy") {
            for entry in exempt.split(separator: ",") {
                let pattern = entry.trimmingCharacters(in: .whitespaces).lowercased()
                if pattern == "*" { return }
                let bare = pattern.hasPrefix(".") ? String(pattern.dropFirst()) : pattern
                if !bare.isEmpty, host == bare || host.hasSuffix("." + bare) { return }
            }
        }
        guard let proxy = variable(scheme == "https" ? "https_proxy" : "http_proxy") else { return }
        let withScheme = proxy.contains("://") ? proxy : "http://" + proxy
        guard let proxyURL = URL(string: withScheme), let proxyHost = proxyURL.host, !proxyHost.isEmpty else { return }
        self = .server(host: proxyHost, port: proxyURL.port ?? 1080)
    }
}

/// Thrown by `withDeadline` when the work did not finish in time.
struct DeadlineExceeded: Error {}

/// Runs `work`, cancelling it after `seconds`: AsyncHTTPClient's deadline ends when the
/// answer's head arrives, so a server that trickles its body would otherwise never time out.
func withDeadline<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw DeadlineExceeded() }
        return first
    }
}
