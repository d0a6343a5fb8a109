import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 server answering `GET /metrics` with the Prometheus text format; any
/// other path gets 404, any other method 405. Meant for a loopback address.
public final class MetricsEndpoint: Sendable {
    /// The bound address (port 0 in the request becomes the real port).
    public let localAddress: SocketAddress?
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
        self.localAddress = channel.localAddress
    }

    /// Binds `host:port` on `group` and serves `metrics`.
    public static func start(host: String, port: Int, metrics: ServerMetrics, group: any EventLoopGroup) async throws -> MetricsEndpoint {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MetricsHandler(metrics: metrics))
                }
            }
            .bind(host: host, port: port).get()
        return MetricsEndpoint(channel: channel)
    }

    /// Stops listening.
    public func close() async {
        try? await channel.close()
    }
}

/// Answers one request per message; keeps the connection alive as HTTP/1.1 allows.
final class MetricsHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: ServerMetrics
    private var head: HTTPRequestHead?

    init(metrics: ServerMetrics) { self.metrics = metrics }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            let status: HTTPResponseStatus
            var body: [UInt8]
            if head.method != .GET {
                status = .methodNotAllowed
                body = Array("only GET\n".utf8)
            } else if head.uri == "/metrics" || head.uri.hasPrefix("/metrics?") {
                status = .ok
                body = metrics.render()
            } else {
                status = .notFound
                body = Array("try /metrics\n".utf8)
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: status == .ok ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain")
            headers.add(name: "Content-Length", value: String(body.count))
            let keepAlive = head.isKeepAlive
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            body = []
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                let channel = context.channel
                done.whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
