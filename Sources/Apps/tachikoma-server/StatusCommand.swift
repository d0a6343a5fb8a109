import ArgumentParser
import Foundation
import ServerStatus
import ServerStatusNIO

/// `tachikoma-server status`: watches a running server through its metrics endpoint, in a
/// curses view (or, with `--once`, as one plain-text snapshot).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Watch a running server: connections, messages per second, CPU (a ring gauge), memory.",
        usage: "tachikoma-server status [--metrics URL] [--interval SECONDS] [--once]",
        discussion: """
            --metrics URL: the server's metrics endpoint, http://HOST:PORT/PATH or HOST:PORT \
            (default: \(MetricsURL.standard)), as a server started with --metrics HOST:PORT serves it.

            Keys: q, Esc or Ctrl-C quit. Without a terminal, use --once.
            """
    )

    /// `--metrics URL`. The parent command has a `--metrics` option of its own, and
    /// ArgumentParser gives a name the parent declares to the parent even after the
    /// subcommand's name; so the value is read from there (the documented way for a
    /// subcommand to see its parent's options) and the help describes it in the discussion.
    @OptionGroup(visibility: .private) var server: ServerCommand

    @Option(name: .long, help: ArgumentHelp("Seconds between scrapes (0.2 to 3600).", valueName: "SECONDS"))
    var interval: Double = 1

    @Flag(name: .long, help: "Print one plain-text snapshot (two scrapes, one interval apart) and exit.")
    var once = false

    /// The endpoint, parsed; set by `validate`.
    var url: MetricsURL {
        server.metrics.flatMap { try? MetricsURL(parsing: $0) } ?? MetricsURL.standard
    }

    func validate() throws {
        // The parent's server flags are parsed here too (see `server`); none of them means
        // anything to `status`.
        guard server.listen.isEmpty, server.name == nil, server.db == nil, server.config == nil,
              server.tlsListen.isEmpty, server.tlsCert == nil, server.tlsKey == nil else {
            throw ValidationError("status takes --metrics URL, --interval SECONDS and --once; the other flags are the server's")
        }
        if let metrics = server.metrics {
            do {
                _ = try MetricsURL(parsing: metrics)
            } catch {
                throw ValidationError("--metrics: \(error.description)")
            }
        }
        guard interval.isFinite, interval >= 0.2, interval <= 3600 else {
            throw ValidationError("--interval must be from 0.2 to 3600 seconds")
        }
    }

    func run() async throws {
        let url = self.url
        if once {
            try await printSnapshot(url: url)
            return
        }
        guard isatty(1) != 0, isatty(0) != 0 else {
            FileHandle.standardError.write(Data("tachikoma-server status: not a terminal; use --once for a plain-text snapshot\n".utf8))
            throw ExitCode(64)
        }
        let interval = self.interval
        let fetcher = MetricsFetcher()
        let result: Result<Void, any Error> = await withCheckedContinuation { continuation in
            // Curses is owned by this one thread, never the main actor or the task pool.
            let thread = Thread {
                let runner = StatusRunner(url: url, interval: interval, fetcher: fetcher)
                continuation.resume(returning: Result { try runner.run() })
            }
            thread.name = "tachikoma-status-ui"
            thread.start()
        }
        await fetcher.shutdown()
        if case .failure(let error) = result {
            FileHandle.standardError.write(Data("tachikoma-server status: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `--once`: scrape, wait an interval, scrape again (a few more times if the server has
    /// not taken a new sample yet, so rates exist), print. Exit 1 when no scrape worked.
    func printSnapshot(url: MetricsURL) async throws {
        let fetcher = MetricsFetcher()
        var state = StatusState(url: url, interval: interval)
        let clock = ContinuousClock()
        let start = clock.now
        for attempt in 0..<6 {
            if attempt > 0 { try? await Task.sleep(for: .seconds(interval)) }
            let elapsed = clock.now - start
            let now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            switch await StatusScrape.once(url, fetcher: fetcher, timeout: Self.timeout(interval)) {
            case .success(let snapshot): state.record(snapshot, now: now, wallClock: Date().timeIntervalSince1970)
            case .failure(let reason): state.recordFailure(reason.description)
            }
            if state.latest == nil || state.rates != nil { break }
        }
        await fetcher.shutdown()
        guard state.latest != nil else {
            FileHandle.standardError.write(Data("tachikoma-server status: \(state.problem ?? "no answer")\n".utf8))
            throw ExitCode.failure
        }
        FileHandle.standardOutput.write(Data(StatusReport.text(state).utf8))
    }

    /// How long one scrape may take: the interval, at least 1 and at most 5 seconds.
    static func timeout(_ interval: Double) -> Double { min(5, max(1, interval)) }
}

/// One scrape: fetch, then parse, off the UI thread; a failure as a one-line reason.
enum StatusScrape {
    static func once(_ url: MetricsURL, fetcher: MetricsFetcher, timeout: Double) async -> Result<MetricsSnapshot, ScrapeProblem> {
        switch await fetcher.fetch(url, timeout: timeout) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let body):
            switch MetricsSnapshot.parse(body, from: url) {
            case .success(let snapshot): return .success(snapshot)
            case .failure(let reason): return .failure(reason)
            }
        }
    }
}
