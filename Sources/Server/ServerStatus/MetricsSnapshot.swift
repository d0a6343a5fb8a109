/// The figures of one scrape of a tachikoma-server, by the names `ServerMetrics` exports.
/// Every figure is optional: an older or newer server may lack some, and the view shows
/// a dash for what it does not have.
public struct MetricsSnapshot: Hashable, Sendable {
    public var connections: Double?
    public var registeredUsers: Double?
    public var channels: Double?
    public var accounts: Double?
    /// Messages received since start (a counter).
    public var messagesReceived: Double?
    /// Messages written to history since start (a counter).
    public var messagesPersisted: Double?
    /// User plus system CPU time of the server process (a counter).
    /// Messages the server could not store after every try, so did not relay (a counter;
    /// anything above zero needs the operator).
    public var messagesNotStored: Double?
    public var cpuSeconds: Double?
    public var residentBytes: Double?
    /// When the server process started, in seconds since the Unix epoch.
    public var startTime: Double?
    /// When the server took the sample these figures come from (seconds since the Unix
    /// epoch): rates are computed between two of these, so a scrape that sees the same
    /// server sample twice does not make a rate of zero.
    public var sampledAt: Double?

    public init() {}

    /// Why a scrape that parsed is still no use.
    public struct Missing: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The figures found among `samples`; a counter is also looked up with the `_total`
    /// suffix. Throws when there is no `tachikoma_connections`: the address serves some
    /// other program's metrics.
    public init(samples: [MetricSample]) throws(Missing) {
        var byName: [String: Double] = [:]
        for s in samples where s.labels.isEmpty && byName[s.name] == nil { byName[s.name] = s.value }
        func value(_ name: String) -> Double? {
            (byName[name] ?? byName[name + "_total"]).flatMap { $0.isFinite ? $0 : nil }
        }
        guard value("tachikoma_connections") != nil else {
            throw Missing(description: samples.isEmpty
                ? "the endpoint returned no metrics"
                : "no tachikoma_connections metric here (is this a tachikoma-server --metrics address?)")
        }
        connections = value("tachikoma_connections")
        registeredUsers = value("tachikoma_registered_users")
        channels = value("tachikoma_channels")
        accounts = value("tachikoma_accounts")
        messagesReceived = value("tachikoma_messages_received")
        messagesPersisted = value("tachikoma_messages_persisted")
        messagesNotStored = value("tachikoma_messages_not_stored")
        cpuSeconds = value("process_cpu_seconds")
        residentBytes = value("process_resident_memory_bytes")
        // Zero: the server has not set it yet (a gauge starts at zero).
        startTime = value("process_start_time_seconds").flatMap { $0 > 0 ? $0 : nil }
        sampledAt = value("tachikoma_sampled_at_seconds").flatMap { $0 > 0 ? $0 : nil }
    }
}

/// Why a scrape gave no figures, as one line a person can act on ("cannot reach
/// 127.0.0.1:9187: connection refused").
public struct ScrapeProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension MetricsSnapshot {
    /// The snapshot in a scraped body, or a one-line reason naming `url` ("… is not
    /// Prometheus text (line 1: …)").
    public static func parse(_ body: String, from url: MetricsURL) -> Result<MetricsSnapshot, ScrapeProblem> {
        let samples: [MetricSample]
        do throws(PrometheusParseError) {
            samples = try PrometheusText.parse(body)
        } catch {
            return .failure(ScrapeProblem("\(url.authority)\(url.path) is not Prometheus text (\(error.description))"))
        }
        do throws(Missing) {
            return .success(try MetricsSnapshot(samples: samples))
        } catch {
            return .failure(ScrapeProblem("\(url.authority)\(url.path): \(error.description)"))
        }
    }
}
