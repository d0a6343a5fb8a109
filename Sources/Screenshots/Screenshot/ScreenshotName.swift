/// File names for screenshots: `tachikoma-2026-11-22_01-23-45`, then `-2`, `-3`… when a
/// name is taken, so a screenshot never replaces another.
public enum ScreenshotName {
    /// The local date and time a name is made from.
    public struct Moment: Hashable, Sendable {
        public var year, month, day, hour, minute, second: Int
        public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        }
    }

    /// The base name (no extension) for attempt `n` (1 = no suffix).
    public static func base(_ m: Moment, attempt n: Int = 1) -> String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let stamp = "tachikoma-\(m.year)-\(two(m.month))-\(two(m.day))_\(two(m.hour))-\(two(m.minute))-\(two(m.second))"
        return n <= 1 ? stamp : "\(stamp)-\(n)"
    }
}
