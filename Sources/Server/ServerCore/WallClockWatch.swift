/// Tells a step of the wall clock from time passing, by comparing it with a monotonic clock
/// between two readings (the adapter reads both once a second).
///
/// Pure: the caller passes both readings. A difference under `tolerance` is scheduling noise.
public struct WallClockWatch: Sendable {
    private var last: (wall: Int64, monotonicNanoseconds: UInt64)?
    /// Milliseconds of disagreement taken for a step.
    public let tolerance: Int64

    /// A watch with no reading yet.
    public init(tolerance: Int64 = 2000) { self.tolerance = tolerance }

    /// Records a reading; returns how far the wall clock was set (ms, negative: back) since
    /// the previous one, or nil when it only moved with time.
    public mutating func step(wall: ServerInstant, monotonicNanoseconds: UInt64) -> Int64? {
        defer { last = (wall.milliseconds, monotonicNanoseconds) }
        guard let last else { return nil }
        let passed = Int64((monotonicNanoseconds &- last.monotonicNanoseconds) / 1_000_000)
        let step = wall.milliseconds - last.wall - passed
        return abs(step) >= tolerance ? step : nil
    }
}
