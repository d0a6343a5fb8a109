#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers
import Prometheus
import ServerCore

/// The server's Prometheus metrics: connections, users, channels, accounts, messages (per
/// second too), messages persisted (and history write retries and failures), CPU seconds and
/// resident memory, the start time, and when the figures were sampled (so a scraper computes
/// rates between the server's samples).
///
/// `update(_:)` is called about once a second with a fresh `ServerStatistics`; the gauges
/// and counters are swift-prometheus's thread-safe ones, read by the endpoint's thread.
public final class ServerMetrics: Sendable {
    /// The registry the endpoint serializes.
    public let registry = PrometheusCollectorRegistry()
    private let connections: Gauge
    private let users: Gauge
    private let channels: Gauge
    private let accounts: Gauge
    private let messages: Gauge
    private let messagesPerSecond: Gauge
    private let persisted: Gauge
    private let retries: Gauge
    private let notStored: Gauge
    private let cpuSeconds: Gauge
    private let residentBytes: Gauge
    private let sampledAt: Gauge
    private let last: LastSample

    /// Creates the metrics (all zero).
    public init() {
        let registry = self.registry
        func gauge(_ name: String, _ help: String) -> Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help))
        }
        connections = gauge("tachikoma_connections", "Open client connections")
        users = gauge("tachikoma_registered_users", "Connections that completed registration")
        channels = gauge("tachikoma_channels", "Channels that exist")
        accounts = gauge("tachikoma_accounts", "Registered accounts")
        messages = gauge("tachikoma_messages_received", "PRIVMSG/NOTICE/TAGMSG received since start")
        messagesPerSecond = gauge("tachikoma_messages_per_second", "Messages received in the last sample period, per second")
        persisted = gauge("tachikoma_messages_persisted", "Messages written to history since start")
        retries = gauge("tachikoma_history_write_retries", "History transactions that failed and were tried again")
        notStored = gauge("tachikoma_messages_not_stored", "Messages that could not be stored after every try, so were not relayed")
        cpuSeconds = gauge("process_cpu_seconds", "User and system CPU time of the process in seconds")
        residentBytes = gauge("process_resident_memory_bytes", "Resident memory of the process in bytes")
        gauge("process_start_time_seconds", "When the server started, in seconds since the Unix epoch").set(ProcessSample.wallClock())
        sampledAt = gauge("tachikoma_sampled_at_seconds",
                          "When these figures were sampled, in seconds since the Unix epoch (rates are computed between samples)")
        last = LastSample()
    }

    /// Records a snapshot taken `now` seconds since an arbitrary origin.
    public func update(_ s: ServerStatistics, now: Double) {
        connections.set(Double(s.connections))
        users.set(Double(s.registeredUsers))
        channels.set(Double(s.channels))
        accounts.set(Double(s.accounts))
        messages.set(Double(s.messagesReceived))
        persisted.set(Double(s.messagesPersisted))
        retries.set(Double(s.historyRetries))
        notStored.set(Double(s.messagesNotStored))
        if let rate = last.rate(messages: s.messagesReceived, now: now) { messagesPerSecond.set(rate) }
        cpuSeconds.set(ProcessSample.cpuSeconds())
        residentBytes.set(ProcessSample.residentBytes())
        sampledAt.set(ProcessSample.wallClock())
    }

    /// The text exposition format of every metric.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}

/// The previous sample, for messages per second.
final class LastSample: Sendable {
    // Sendable: every access holds `lock`.
    private let lock = NIOLockedValueBox<(UInt64, Double)?>(nil)

    func rate(messages: UInt64, now: Double) -> Double? {
        lock.withLockedValue { previous in
            defer { previous = (messages, now) }
            guard let (m, t) = previous, now > t else { return nil }
            return Double(messages &- m) / (now - t)
        }
    }
}

/// CPU time and resident memory of this process, from the kernel.
enum ProcessSample {
    /// Seconds since the Unix epoch.
    static func wallClock() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Resident pages from `/proc/self/statm` times the page size (0 where unavailable).
    static func residentBytes() -> Double {
        guard let f = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(f) }
        var size = 0, resident = 0
        guard withUnsafeMutablePointer(to: &size, { s in
            withUnsafeMutablePointer(to: &resident) { r in readStatm(f, s, r) }
        }) else { return 0 }
        return Double(resident) * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    private static func readStatm(_ f: UnsafeMutablePointer<FILE>, _ size: UnsafeMutablePointer<Int>, _ resident: UnsafeMutablePointer<Int>) -> Bool {
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, Int32(buffer.count), f) != nil else { return false }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let fields = String(decoding: bytes, as: UTF8.self).split(separator: " ")
        guard fields.count >= 2, let s = Int(fields[0]), let r = Int(fields[1]) else { return false }
        size.pointee = s
        resident.pointee = r
        return true
    }
}
