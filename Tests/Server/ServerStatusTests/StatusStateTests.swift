import ServerStatus
import Testing

@Suite struct StatusStateTests {
    func snapshot(received: Double, persisted: Double = 0, cpu: Double = 0, at: Double?) -> MetricsSnapshot {
        var s = MetricsSnapshot()
        s.connections = 1
        s.messagesReceived = received
        s.messagesPersisted = persisted
        s.cpuSeconds = cpu
        s.sampledAt = at
        s.startTime = 1000
        return s
    }

    @Test func ratesBetweenServerSamples() {
        var state = StatusState(url: .standard, interval: 1)
        state.record(snapshot(received: 100, persisted: 50, cpu: 2, at: 2000), now: 0, wallClock: 2000)
        #expect(state.rates == nil)
        state.record(snapshot(received: 300, persisted: 150, cpu: 3, at: 2002), now: 1, wallClock: 2001)
        #expect(state.rates?.messagesReceived == 100)
        #expect(state.rates?.messagesPersisted == 50)
        #expect(state.rates?.cpu == 0.5)
        #expect(state.history == [100])
        #expect(state.uptime == 1002)
    }

    @Test func theSameServerSampleTwiceKeepsTheRates() {
        var state = StatusState(url: .standard, interval: 1)
        state.record(snapshot(received: 0, at: 10), now: 0, wallClock: 0)
        state.record(snapshot(received: 10, at: 11), now: 1, wallClock: 1)
        state.record(snapshot(received: 10, at: 11), now: 2, wallClock: 2)
        #expect(state.rates?.messagesReceived == 10)
        #expect(state.history == [10])
        state.record(snapshot(received: 40, at: 12), now: 3, wallClock: 3)
        #expect(state.rates?.messagesReceived == 30)
    }

    @Test func scrapeTimesWhenTheServerGivesNoSampleTime() {
        var state = StatusState(url: .standard, interval: 2)
        state.record(snapshot(received: 0, at: nil), now: 10, wallClock: 0)
        state.record(snapshot(received: 8, at: nil), now: 12, wallClock: 2)
        #expect(state.rates?.messagesReceived == 4)
    }

    @Test func aCounterResetIsNeverANegativeRate() {
        #expect(StatusState.rate(from: 1000, to: 30, seconds: 2) == 15)
        #expect(StatusState.rate(from: 10, to: 10, seconds: 1) == 0)
        #expect(StatusState.rate(from: 10, to: 20, seconds: 0) == nil)
        #expect(StatusState.rate(from: nil, to: 20, seconds: 1) == nil)
        #expect(StatusState.rate(from: .nan, to: 20, seconds: 1) == nil)
        var state = StatusState(url: .standard, interval: 1)
        state.record(snapshot(received: 5000, cpu: 100, at: 50), now: 0, wallClock: 0)
        state.record(snapshot(received: 7, cpu: 0.5, at: 51), now: 1, wallClock: 1)
        #expect(state.rates?.messagesReceived == 7)
        #expect(state.rates?.cpu == 0.5)
    }

    @Test func aServerClockGoingBackRestartsTheBase() {
        var state = StatusState(url: .standard, interval: 1)
        state.record(snapshot(received: 10, at: 100), now: 0, wallClock: 0)
        state.record(snapshot(received: 20, at: 90), now: 1, wallClock: 1)
        #expect(state.rates == nil)
        state.record(snapshot(received: 30, at: 91), now: 2, wallClock: 2)
        #expect(state.rates?.messagesReceived == 10)
    }

    @Test func aFailureKeepsTheFiguresAndAnOkClearsIt() {
        var state = StatusState(url: .standard, interval: 1)
        state.record(snapshot(received: 1, at: 1), now: 0, wallClock: 0)
        state.recordFailure("cannot reach 127.0.0.1:9187: connection refused")
        #expect(state.problem == "cannot reach 127.0.0.1:9187: connection refused")
        #expect(state.latest?.connections == 1)
        state.record(snapshot(received: 2, at: 2), now: 1, wallClock: 1)
        #expect(state.problem == nil)
        #expect(state.scrapes == 3)
    }

    @Test func historyIsBounded() {
        var state = StatusState(url: .standard, interval: 1)
        for i in 0...(StatusState.historyCapacity + 10) {
            state.record(snapshot(received: Double(i * i), at: Double(i + 1)), now: Double(i), wallClock: 0)
        }
        #expect(state.history.count == StatusState.historyCapacity)
        #expect(state.history.last == Double(2 * StatusState.historyCapacity + 19))
    }

    @Test func snapshotFromAScrape() throws {
        let body = """
            # TYPE tachikoma_connections gauge
            tachikoma_connections 2
            tachikoma_registered_users 1
            tachikoma_messages_received_total 9
            process_cpu_seconds 1.5
            process_start_time_seconds 0
            tachikoma_sampled_at_seconds 1795000000.25
            other{x="y"} 4
            """
        let s = try MetricsSnapshot.parse(body, from: .standard).get()
        #expect(s.connections == 2)
        #expect(s.registeredUsers == 1)
        #expect(s.messagesReceived == 9)
        #expect(s.cpuSeconds == 1.5)
        #expect(s.startTime == nil)
        #expect(s.sampledAt == 1_795_000_000.25)
        #expect(s.channels == nil)
    }

    @Test func scrapesThatAreNoUse() {
        func reason(_ body: String) -> String {
            if case .failure(let r) = MetricsSnapshot.parse(body, from: .standard) { return r.description }
            return ""
        }
        #expect(reason("<!doctype html>") == "127.0.0.1:9105/metrics is not Prometheus text (line 1: expected a metric name, found '<!doctype ht')")
        #expect(reason("") == "127.0.0.1:9105/metrics: the endpoint returned no metrics")
        #expect(reason("node_load1 0.5").contains("is this a tachikoma-server"))
        #expect(reason("tachikoma_connections NaN").contains("no tachikoma_connections"))
    }
}
