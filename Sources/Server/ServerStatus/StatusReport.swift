/// The plain-text snapshot `tachikoma-server status --once` prints: one figure a line,
/// `label:` then the value, for scripts and for a look without a terminal.
public enum StatusReport {
    public static func text(_ state: StatusState) -> String {
        var lines = ["tachikoma-server status: \(state.url)"]
        if let problem = state.problem { lines.append("error: \(problem)") }
        let s = state.latest
        let r = state.rates
        let rows: [(String, String)] = [
            ("uptime", Format.duration(state.uptime)),
            ("connections", Format.count(s?.connections)),
            ("registered users", Format.count(s?.registeredUsers)),
            ("channels", Format.count(s?.channels)),
            ("accounts", Format.count(s?.accounts)),
            ("messages/s received", Format.rate(r?.messagesReceived)),
            ("messages/s persisted", Format.rate(r?.messagesPersisted)),
            ("messages not stored", Format.count(s?.messagesNotStored)),
            ("cpu", RingGauge(fraction: r?.cpu).label),
            ("cpu time", Format.cpuTime(s?.cpuSeconds)),
            ("resident memory", Format.bytes(s?.residentBytes)),
        ]
        for (label, value) in rows {
            lines.append((label + ":").padding(to: 22) + value)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// The string with spaces added up to `width` characters.
    func padding(to width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
