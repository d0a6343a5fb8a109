#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
import ServerStatus

/// One HTTP/1.1 GET of a metrics page with swift-nio: connect, ask, read at most
/// `maxBody` bytes, with one deadline over the whole exchange. Every failure comes back as
/// a one-line reason a person can act on ("cannot reach 127.0.0.1:9187: connection refused").
///
/// It owns one event-loop thread; `shutdown()` stops it.
public final class MetricsFetcher: Sendable {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// The largest page accepted (the server's is a couple of KiB).
    public static let maxBody = 4 << 20

    public init() {}

    /// The body of `url`, or the reason there is none.
    public func fetch(_ url: MetricsURL, timeout: Double) async -> Result<String, ScrapeProblem> {
        let millis = Int64(max(0.05, timeout) * 1000)
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: String.self)
        let where_ = url.authority
        let connect = ClientBootstrap(group: eventLoop)
            .connectTimeout(.milliseconds(millis))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector(promise: promise, authority: where_))
                }
            }
            .connect(host: url.host, port: url.port)
        let deadline = eventLoop.scheduleTask(in: .milliseconds(millis)) {
            promise.fail(ScrapeProblem("no answer from \(where_) within \(Format.rate(timeout))s"))
        }
        connect.whenComplete { result in
            switch result {
            case .success(let channel):
                promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
                var headers = HTTPHeaders()
                headers.add(name: "Host", value: where_)
                headers.add(name: "Accept", value: "text/plain; version=0.0.4")
                headers.add(name: "User-Agent", value: "tachikoma-server-status")
                headers.add(name: "Connection", value: "close")
                let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: url.path, headers: headers)
                channel.write(HTTPClientRequestPart.head(head), promise: nil)
                channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            case .failure(let error):
                promise.fail(ScrapeProblem("cannot reach \(where_): \(Self.describe(error))"))
            }
        }
        do {
            let body = try await promise.futureResult.get()
            deadline.cancel()
            return .success(body)
        } catch let failure as ScrapeProblem {
            deadline.cancel()
            return .failure(failure)
        } catch {
            deadline.cancel()
            return .failure(ScrapeProblem("\(where_): \(Self.describe(error))"))
        }
    }

    /// Stops the event loop thread.
    public func shutdown() async {
        try? await group.shutdownGracefully()
    }

    /// A short reason for a connection error: "connection refused", "unknown host".
    static func describe(_ error: any Error) -> String {
        if let e = error as? IOError { return String(cString: strerror(e.errnoCode)).lowercased() }
        if let e = error as? NIOConnectionError {
            if let first = e.connectionErrors.first { return describe(first.error) }
            if e.dnsAError != nil || e.dnsAAAAError != nil { return "unknown host" }
            return "no address to connect to"
        }
        if let e = error as? ChannelError, case .connectTimeout = e { return "connection timed out" }
        if error is HTTPParserError { return "the answer is not HTTP" }
        return "\(error)"
    }
}

/// Gathers one response into the promise: the body when the status is 200, else a reason.
final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<String>
    private let authority: String
    private var status: HTTPResponseStatus?
    private var body: [UInt8] = []

    init(promise: EventLoopPromise<String>, authority: String) {
        self.promise = promise
        self.authority = authority
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
        case .body(var chunk):
            guard body.count + chunk.readableBytes <= MetricsFetcher.maxBody else {
                promise.fail(ScrapeProblem("\(authority) sent more than \(MetricsFetcher.maxBody >> 20) MiB"))
                context.close(promise: nil)
                return
            }
            body += chunk.readBytes(length: chunk.readableBytes) ?? []
        case .end:
            guard let status, status == .ok else {
                let line = status.map { "HTTP \($0.code) \($0.reasonPhrase)" } ?? "no status"
                promise.fail(ScrapeProblem("\(authority) answered \(line)"))
                return
            }
            promise.succeed(String(decoding: body, as: UTF8.self))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ScrapeProblem("\(authority) closed the connection before answering"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(ScrapeProblem("\(authority): \(MetricsFetcher.describe(error))"))
        context.close(promise: nil)
    }
}
