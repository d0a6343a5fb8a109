/// What the status view knows: the last two useful scrapes, the rates between them, a
/// short history of messages per second, and the reason the last scrape failed, if it did.
///
/// Pure: the caller says when (`now`, a monotonic clock in seconds; `wallClock`, seconds
/// since the Unix epoch) and what happened; the view and the text report read it.
public struct StatusState: Sendable {
    /// The endpoint, as the title shows it.
    public let url: MetricsURL
    /// Seconds between scrapes.
    public let interval: Double
    public private(set) var latest: MetricsSnapshot?
    /// The monotonic time of `latest`.
    public private(set) var latestAt: Double?
    /// The wall-clock time of `latest`.
    public private(set) var latestWallClock: Double?
    public private(set) var rates: Rates?
    /// Messages received per second, oldest first; at most `historyCapacity`.
    public private(set) var history: [Double] = []
    /// The last failure, one line, e.g. "cannot reach 127.0.0.1:9187: connection refused".
    public private(set) var problem: String?
    public private(set) var scrapes = 0
    public static let historyCapacity = 512
    /// The sample `rates` was measured from, to compute the next rates against.
    private var base: (snapshot: MetricsSnapshot, time: Double)?

    /// Per-second figures between two samples of the server.
    public struct Rates: Hashable, Sendable {
        public var messagesReceived: Double?
        public var messagesPersisted: Double?
        /// CPU seconds per second: 1 is one core busy, 2 is two.
        public var cpu: Double?
    }

    public init(url: MetricsURL, interval: Double) {
        self.url = url
        self.interval = interval
    }

    /// A scrape that parsed. Rates are computed against the previous server sample, timed
    /// by the server's own `sampledAt` where it exports one (else by the scrape times); a
    /// scrape that sees the same server sample again keeps the rates it had.
    public mutating func record(_ snapshot: MetricsSnapshot, now: Double, wallClock: Double) {
        scrapes += 1
        problem = nil
        latest = snapshot
        latestAt = now
        latestWallClock = wallClock
        let time = snapshot.sampledAt ?? now
        guard let base else {
            self.base = (snapshot, time)
            return
        }
        let seconds = time - base.time
        if seconds <= 0 {
            if seconds < 0 { self.base = (snapshot, time) }  // the server restarted or its clock stepped back
            return
        }
        let r = Rates(
            messagesReceived: Self.rate(from: base.snapshot.messagesReceived, to: snapshot.messagesReceived, seconds: seconds),
            messagesPersisted: Self.rate(from: base.snapshot.messagesPersisted, to: snapshot.messagesPersisted, seconds: seconds),
            cpu: Self.rate(from: base.snapshot.cpuSeconds, to: snapshot.cpuSeconds, seconds: seconds)
        )
        rates = r
        self.base = (snapshot, time)
        if let m = r.messagesReceived {
            history.append(m)
            if history.count > Self.historyCapacity { history.removeFirst(history.count - Self.historyCapacity) }
        }
    }

    /// A scrape that failed; the figures stay as they were last seen.
    public mutating func recordFailure(_ reason: String) {
        scrapes += 1
        problem = reason
    }

    /// The increase of a counter per second. A counter that went down was reset (the server
    /// restarted): its whole new value counts as the increase, as Prometheus's `rate` does,
    /// so a rate is never negative. Nil when either value is missing or time did not pass.
    public static func rate(from old: Double?, to new: Double?, seconds: Double) -> Double? {
        guard let old, let new, seconds > 0, old.isFinite, new.isFinite, seconds.isFinite else { return nil }
        let increase = new >= old ? new - old : max(0, new)
        return increase / seconds
    }

    /// How long the server has been up, from its start time and the time of its sample.
    public var uptime: Double? {
        guard let latest, let start = latest.startTime, let at = latest.sampledAt ?? latestWallClock else { return nil }
        let up = at - start
        return up >= 0 ? up : nil
    }
}
