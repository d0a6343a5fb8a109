/// A token bucket for flood control: `burst` lines at once, then `ratePerSecond` on average.
///
/// Pure: the caller passes the time. The adapter queues lines that find the bucket empty and
/// feeds them in as tokens return; if the queue grows past its bound the client is dropped.
public struct TokenBucket: Sendable {
    /// Lines allowed back to back.
    public let burst: Double
    /// Tokens regained per second.
    public let ratePerSecond: Double
    private var tokens: Double
    private var last: ServerInstant

    /// A full bucket at `now`.
    public init(burst: Double, ratePerSecond: Double, now: ServerInstant) {
        self.burst = burst
        self.ratePerSecond = ratePerSecond
        self.tokens = burst
        self.last = now
    }

    private mutating func refill(_ now: ServerInstant) {
        let elapsed = Double(max(0, now.milliseconds - last.milliseconds)) / 1000
        tokens = min(burst, tokens + elapsed * ratePerSecond)
        last = now
    }

    /// Takes one token if there is one.
    public mutating func take(now: ServerInstant) -> Bool {
        refill(now)
        if tokens >= 1 {
            tokens -= 1
            return true
        }
        return false
    }

    /// Milliseconds until the next token is available (0 if one is).
    public mutating func millisecondsUntilNextToken(now: ServerInstant) -> Int64 {
        refill(now)
        if tokens >= 1 || ratePerSecond <= 0 { return tokens >= 1 ? 0 : 1000 }
        return Int64(((1 - tokens) / ratePerSecond * 1000).rounded(.up))
    }
}
