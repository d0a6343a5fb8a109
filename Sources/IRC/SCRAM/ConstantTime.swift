/// Comparison of secrets (proofs, signatures, keys) whose time does not depend on where
/// they first differ.
public enum ConstantTime {
    /// Whether `a` and `b` are equal; only their lengths leak through timing.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }
}
