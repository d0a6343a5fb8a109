import CNcursesw
import Foundation
import ScreenCore
import ServerStatus
import ServerStatusNIO
import Synchronization
import TerminalCurses
import TerminalInput

/// The status view's loop: owns curses on the thread that calls `run`, starts a scrape
/// each interval (one at a time, on the task pool), and redraws when a result, a key or a
/// resize arrives. Between those it sleeps in `poll`, so waiting costs nothing.
final class StatusRunner {
    private let url: MetricsURL
    private let interval: Double
    private let fetcher: MetricsFetcher
    private let terminal = CursesTerminal()
    private var decoder = InputDecoder()
    private var wakePipe: [Int32] = [-1, -1]
    private let start = ContinuousClock.now

    /// A failure to start, with a message for the user.
    struct RunnerError: Error, CustomStringConvertible {
        let description: String
    }

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
        // The pipe stays open until the process exits: the signal handler may write to it
        // at any time, and a closed descriptor's number could be reused by then.
        guard tk_pipe(&wakePipe) == 0 else { throw RunnerError(description: "cannot create a pipe") }
        let results = ScrapeInbox(wakeFD: wakePipe[1])
        try terminal.start(signalFD: wakePipe[1], environment: ProcessInfo.processInfo.environment)
        defer { terminal.stop() }

        var state = StatusState(url: url, interval: interval)
        var nextScrape = 0.0
        var inFlight = false
        var running = true
        var needsDraw = true
        var inputBuffer = [UInt8](repeating: 0, count: 4096)
        var wakeBuffer = [UInt8](repeating: 0, count: 64)
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

            var timeout: Int32 = inFlight ? -1 : Int32(min(60_000, max(0, ((nextScrape - now) * 1000).rounded(.up))))
            if decoder.hasPending { timeout = timeout < 0 ? 25 : min(timeout, 25) }
            var inputReady: Int32 = 0
            var wakeReady: Int32 = 0
            guard tk_wait(0, wakePipe[0], timeout, &inputReady, &wakeReady) == 0 else {
                throw RunnerError(description: "waiting for input failed")
            }
            var keys: [InputEvent] = []
            if inputReady != 0 {
                let n = tk_read(0, &inputBuffer, inputBuffer.count)
                if n > 0 {
                    keys += decoder.feed(inputBuffer[0..<n])
                } else if n == 0 {
                    running = false  // the terminal went away
                }
            } else if decoder.hasPending {
                keys += decoder.flush()
            }
            for key in keys {
                if Self.quits(key) { running = false }
                if case .key(.ctrl("z"), _) = key {
                    // Raw mode turns Ctrl-Z into a byte: stop the way the shell expects.
                    terminal.suspend()
                    needsDraw = true
                }
            }
            if wakeReady != 0 {
                let n = tk_read(wakePipe[0], &wakeBuffer, wakeBuffer.count)
                for byte in wakeBuffer.prefix(max(0, n)) {
                    let sig = Int32(byte)
                    if sig == 0 { continue }  // a scrape result
                    if sig == tk_sigwinch() || sig == tk_sigcont() {
                        if sig == tk_sigcont() { terminal.invalidate() }
                        terminal.updateSize()
                        needsDraw = true
                    } else if sig == tk_sigtstp() {
                        terminal.suspend()
                        needsDraw = true
                    } else {
                        running = false
                    }
                }
                if let result = results.take() {
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

/// Where the scrape task leaves its result for the UI thread, waking it with a zero byte
/// on the wake pipe (signals write their number there; zero is no signal).
final class ScrapeInbox: Sendable {
    private let result = Mutex<Result<MetricsSnapshot, ScrapeProblem>?>(nil)
    private let wakeFD: Int32

    init(wakeFD: Int32) { self.wakeFD = wakeFD }

    func post(_ r: Result<MetricsSnapshot, ScrapeProblem>) {
        result.withLock { $0 = r }
        tk_poke(wakeFD, 0)
    }

    func take() -> Result<MetricsSnapshot, ScrapeProblem>? {
        result.withLock { r in
            defer { r = nil }
            return r
        }
    }
}
