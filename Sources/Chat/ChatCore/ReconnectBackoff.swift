/// Exponential backoff with jitter for reconnects: the n-th retry waits a random time between
/// half and all of `min(cap, base · 2ⁿ)`, so many clients cut off together do not return together.
public struct ReconnectBackoff: Hashable, Sendable {
    /// The first delay's upper bound, in seconds.
    public var base: Double
    /// The largest delay, in seconds.
    public var cap: Double
    /// Failed attempts since the last successful registration.
    public private(set) var attempt = 0

    /// Makes a backoff policy.
    public init(base: Double = 1, cap: Double = 60) {
        self.base = base
        self.cap = cap
    }

    /// The upper bound of the delay for attempt `n` (before jitter).
    public func ceiling(forAttempt n: Int) -> Double {
        min(cap, base * Double(1 << min(n, 30)))
    }

    /// The next delay, with `unit` a random value in `0..<1`; counts the attempt.
    public mutating func nextDelay(unit: Double) -> Double {
        let top = ceiling(forAttempt: attempt)
        attempt += 1
        return top * (0.5 + 0.5 * unit)
    }

    /// Forgets past failures (after a successful registration).
    public mutating func reset() { attempt = 0 }
}
