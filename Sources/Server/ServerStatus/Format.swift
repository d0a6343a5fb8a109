/// How the view writes figures: short, fixed in meaning, never "nan"; a figure too large
/// to be real (another exporter, a broken counter) is a dash, not a crash.
public enum Format {
    /// A count: "12", "1 234 567"; a dash when unknown.
    public static func count(_ v: Double?) -> String {
        guard let v, v.isFinite, abs(v) < 1e15 else { return "—" }
        let n = Int(v.rounded())
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A rate: "0", "0.4", "12.5", "1,234"; a dash when unknown.
    public static func rate(_ v: Double?) -> String {
        guard let v, v.isFinite, abs(v) < 1e15 else { return "—" }
        if v >= 1000 { return count(v) }
        if v == 0 { return "0" }
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// Bytes in binary units: "812 KiB", "54.2 MiB", "1.3 GiB".
    public static func bytes(_ v: Double?) -> String {
        guard let v, v.isFinite, abs(v) < 1e15, v >= 0 else { return "—" }
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var x = v
        var u = 0
        while x >= 1024 && u < units.count - 1 {
            x /= 1024
            u += 1
        }
        if u == 0 || x >= 100 { return "\(Int(x.rounded())) \(units[u])" }
        let tenths = Int((x * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[u])"
    }

    /// A duration: "42s", "5m 03s", "2h 07m", "3d 04h".
    public static func duration(_ v: Double?) -> String {
        guard let v, v.isFinite, abs(v) < 1e15, v >= 0 else { return "—" }
        let s = Int(v)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m \(two(s % 60))s" }
        if s < 86400 { return "\(s / 3600)h \(two(s / 60 % 60))m" }
        return "\(s / 86400)d \(two(s / 3600 % 24))h"
    }

    /// CPU seconds: "12.3 s", "1h 02m".
    public static func cpuTime(_ v: Double?) -> String {
        guard let v, v.isFinite, abs(v) < 1e15, v >= 0 else { return "—" }
        return v < 60 ? "\(rate(v)) s" : duration(v)
    }
}
