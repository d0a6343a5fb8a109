/// Seconds on a monotonic clock since the loop started: the `now` every event is reduced at.
struct MonotonicClock {
    private let start = ContinuousClock.now

    var now: Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
