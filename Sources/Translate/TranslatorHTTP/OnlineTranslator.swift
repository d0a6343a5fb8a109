import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Translator

/// Sends a translation request to an `OnlineBackend` over HTTP(S) with URLSession
/// (FoundationNetworking, libcurl on Linux), with the backend's timeout.
public struct OnlineTranslator: Sendable {
    public let backend: OnlineBackend

    public init(backend: OnlineBackend) { self.backend = backend }

    /// The service's translation of `text`; throws `OnlineError` with a clear message.
    public func translate(_ text: String) async throws(OnlineError) -> String {
        let built = try backend.request(for: text)
        var request = URLRequest(url: built.url, timeoutInterval: backend.timeout)
        request.httpMethod = "POST"
        request.httpBody = built.body
        for (k, v) in built.headers { request.setValue(v, forHTTPHeaderField: k) }
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = backend.timeout
        config.timeoutIntervalForResource = backend.timeout
        let session = URLSession(configuration: config)
        defer { session.finishTasksAndInvalidate() }
        let finalRequest = request
        let data: Data, response: URLResponse
        do {
            (data, response) = try await withDeadline(seconds: backend.timeout) {
                try await session.data(for: finalRequest)
            }
        } catch let error as URLError where error.code == .timedOut {
            throw .timedOut(service: backend.name, seconds: backend.timeout)
        } catch is DeadlineExceeded {
            throw .timedOut(service: backend.name, seconds: backend.timeout)
        } catch {
            throw .unreachable(service: backend.name, detail: (error as? URLError)?.localizedDescription ?? "\(error)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw .badResponse(service: backend.name, detail: "not an HTTP response")
        }
        return try backend.translation(status: http.statusCode, body: data)
    }
}

/// Thrown by `withDeadline` when the work did not finish in time.
struct DeadlineExceeded: Error {}

/// Runs `work`, cancelling it after `seconds`: a belt to URLSession's braces, whose timeout
/// counts idle time only (a server that trickles bytes would never time out).
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
