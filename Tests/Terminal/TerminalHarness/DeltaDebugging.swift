/// Shrinks a failing run to a minimal one (Zeller's delta debugging, the chunk-removal
/// half): drops ever smaller chunks of steps while the run still fails, within a budget of
/// tries. Used by the stateful fuzzers to print a short sequence with a failure's seed.
public enum DeltaDebugging {
    public static func minimal<Step>(_ steps: [Step], budget: Int = 2_000, fails: ([Step]) throws -> Bool) rethrows -> [Step] {
        var current = steps
        var chunk = max(1, current.count / 2)
        var tries = budget
        while chunk >= 1, tries > 0 {
            var removed = false
            var start = 0
            while start < current.count, tries > 0 {
                tries -= 1
                var candidate = current
                candidate.removeSubrange(start..<min(current.count, start + chunk))
                if try fails(candidate) {
                    current = candidate
                    removed = true
                } else {
                    start += chunk
                }
            }
            if !removed { chunk /= 2 }
        }
        return current
    }
}
