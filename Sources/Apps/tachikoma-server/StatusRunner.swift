import Foundation
import ScreenCore
import ServerStatus
import ServerStatusNIO
import TerminalCurses
import TerminalInput
import TerminalLoop

/// The status view's loop: owns curses (through `TerminalLoop`, as the pet does) on the
/// thread that calls `run`, starts a scrape each interval (one at a time, on the task pool),
/// and redraws when a result, a key or a resize arrives. Between those it sleeps in `poll`,
/// so waiting costs nothing.
final class StatusRunner {
    private let url: MetricsURL
    private let interval: Double
    private let fetcher: MetricsFetcher
    /// The loop; scrape results come back through its inbox.
    private let loop = TerminalLoop<Result<MetricsSnapshot, ScrapeProblem>>()
    private let start = ContinuousClock.now

    init(url: MetricsURL, interval: Double, fetcher: MetricsFetcher) {
        self.url = url
        self.interval = interval
        self.fetcher = fetcher
    }

    private var now: Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Runs until q, Esc, Ctrl-C or a terminating signal (Ctrl-Z suspends to the shell);
    /// the terminal is restored on every way out.
    func run() throws {
        let results = try loop.start(environment: ProcessInfo.processInfo.environment)
        defer { loop.stop() }
        let terminal = loop.terminal

        var state = StatusState(url: url, interval: interval)
        var nextScrape = 0.0
        var inFlight = false
        var running = true
        var needsDraw = true
        while running {
            if !inFlight && now >= nextScrape {
                inFlight = true
                nextScrape = now + interval
                let (url, fetcher, timeout) = (url, fetcher, StatusCommand.timeout(interval))
                Task.detached {
                    results.post(await StatusScrape.once(url, fetcher: fetcher, timeout: timeout))
                }
            }
            if needsDraw {
                // Only when something changed: a result, a resize. Starting a scrape draws nothing.
                terminal.present(StatusView.render(state, width: terminal.width, height: terminal.height))
                needsDraw = false
            }

            for wake in try loop.wait(timeout: inFlight ? nil : nextScrape - now) {
                switch wake {
                case .input(let key):
                    if Self.quits(key) { running = false }
                    if case .key(.ctrl("z"), _) = key {
                        // Raw mode turns Ctrl-Z into a byte: stop the way the shell expects.
                        _ = loop.suspend()
                        needsDraw = true
                    }
                case .resized:
                    needsDraw = true
                case .terminate:
                    running = false
                case .posted(let result):
                    inFlight = false
                    needsDraw = true
                    switch result {
                    case .success(let snapshot): state.record(snapshot, now: now, wallClock: Date().timeIntervalSince1970)
                    case .failure(let failure): state.recordFailure(failure.description)
                    }
                }
            }
        }
    }

    /// q, Q, Esc and Ctrl-C leave.
    static func quits(_ event: InputEvent) -> Bool {
        switch event {
        case .key(.char("q"), _), .key(.char("Q"), _), .key(.escape, _), .key(.ctrl("c"), _): true
        default: false
        }
    }
}
