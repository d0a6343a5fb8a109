import Foundation

/// A program running in a real terminal: a detached tmux session of a given size on a
/// private tmux socket, driven the way a person would drive it (keys, literal text, mouse
/// escape sequences) and read back with `capture-pane`. The session and its tmux server
/// are killed on `close()` and on deinit, so a failing test leaves nothing behind.
public final class TmuxSession {
    /// Why a harness step failed, with what the screen showed at the time.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let socketPath: String
    public let target = "tk:0.0"
    private var closed = false

    /// Starts `command` (argv; run through `sh -c` with proper quoting) in a new session
    /// of `width` x `height` cells. `environment` is added to the child's environment.
    /// With `shell: true` the pane runs a plain shell and the command is typed into it,
    /// so that a test can see the shell's screen come back after the program exits.
    public init(command: [String], width: Int, height: Int, environment: [String: String] = [:],
                workingDirectory: String? = nil, shell: Bool = false) throws {
        socketPath = NSTemporaryDirectory() + "tk-tmux-\(UUID().uuidString.prefix(8)).sock"
        let config = NSTemporaryDirectory() + "tk-tmux-\(UUID().uuidString.prefix(8)).conf"
        // A config of our own: no user settings, a fixed TERM, no status line, history kept.
        let conf = """
            set -g default-terminal tmux-256color
            set -g status off
            set -g escape-time 0
            set -g history-limit 2000
            set -g remain-on-exit on
            """
        try conf.write(toFile: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: config) }

        // The pet under test never looks for servers on the machine's real network (its chat
        // form would browse mDNS there); a test that wants it passes TACHIKOMA_MDNS itself.
        var environment = environment
        if environment["TACHIKOMA_MDNS"] == nil { environment["TACHIKOMA_MDNS"] = "off" }
        let envPrefix = environment.keys.sorted().map { "\($0)=\(Self.quote(environment[$0]!))" }
        // A realistic user environment: the test runner's own colour and size settings
        // (NO_COLOR, LINES, COLUMNS) do not leak into the program under test.
        let unset = ["-u", "NO_COLOR", "-u", "LINES", "-u", "COLUMNS"]
        let commandLine = (["exec", "env"] + unset + envPrefix + command.map(Self.quote)).joined(separator: " ")
        let paneCommand = shell ? "exec env PS1='\(Self.prompt) ' HISTFILE=/dev/null sh" : commandLine
        var args = ["-S", socketPath, "-f", config, "new-session", "-d", "-s", "tk",
                    "-x", String(width), "-y", String(height)]
        if let workingDirectory { args += ["-c", workingDirectory] }
        args.append(paneCommand)
        try Self.tmux(args)
        _ = try? Self.tmux(["-S", socketPath, "set-option", "-g", "window-size", "manual"])
        if shell {
            type(commandLine.replacingOccurrences(of: "exec env", with: "env"))
            press("Enter")
        }
    }

    deinit { close() }

    /// Kills the tmux server of this session (and with it the program). Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        _ = try? Self.tmux(["-S", socketPath, "kill-server"])
        try? FileManager.default.removeItem(atPath: socketPath)
    }

    /// Types text literally (`send-keys -l`): UTF-8 text and raw escape sequences alike.
    public func type(_ text: String) {
        _ = try? Self.tmux(["-S", socketPath, "send-keys", "-t", target, "-l", text])
    }

    /// Presses keys by tmux name: "Enter", "Escape", "C-c", "C-z", "Up", "F2"…
    public func press(_ keys: String...) {
        _ = try? Self.tmux(["-S", socketPath, "send-keys", "-t", target] + keys)
    }

    /// Mouse buttons as SGR (mode 1006) reports them.
    public enum MouseButton: Int {
        case left = 0, middle = 1, right = 2, wheelUp = 64, wheelDown = 65
    }

    /// Sends an SGR mouse report for a press (or release) at 0-based cell (x, y).
    public func mouse(_ button: MouseButton, x: Int, y: Int, release: Bool = false) {
        type("\u{1B}[<\(button.rawValue);\(x + 1);\(y + 1)\(release ? "m" : "M")")
    }

    /// Sends an SGR report of motion with the left button held (a drag step).
    public func drag(x: Int, y: Int) {
        type("\u{1B}[<32;\(x + 1);\(y + 1)M")
    }

    /// A click: press and release at the same cell.
    public func click(_ button: MouseButton, x: Int, y: Int) {
        mouse(button, x: x, y: y)
        mouse(button, x: x, y: y, release: true)
    }

    /// The visible screen, one line per row; with `colors`, SGR sequences included (`-e`).
    public func capture(colors: Bool = false) -> String {
        var args = ["-S", socketPath, "capture-pane", "-p", "-t", target]
        if colors { args.append("-e") }
        return (try? Self.tmux(args)) ?? ""
    }

    /// The visible screen as an array of rows, padded to nothing (tmux trims trailing blanks).
    public func lines() -> [String] {
        capture().components(separatedBy: "\n")
    }

    /// Waits until the screen contains `text`; returns the screen. Throws with the last
    /// screen when `timeout` seconds pass first.
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 10) throws -> String {
        try waitUntil("screen to contain \(text.debugDescription)", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until `predicate` holds for the screen text; returns the screen.
    @discardableResult
    public func waitUntil(_ what: String, timeout: Double = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = capture()
        while !predicate(screen) {
            if Date() > deadline {
                throw Failure(description: "timed out after \(timeout)s waiting for \(what); screen:\n\(screen)")
            }
            Thread.sleep(forTimeInterval: 0.05)
            screen = capture()
        }
        return screen
    }

    /// The prompt of the shell a `shell: true` session runs (trailing space trimmed).
    public static let prompt = "sh>"

    /// How long a program just started may take to draw its first screen. Generous: the
    /// suite runs many suites at once on a shared machine, and a start that once took more
    /// than 10 s there (a blank pane, 2026-12-07) is not what these tests check — how fast
    /// the pet starts is for benchmarks.
    public static let startTimeout: Double = 30

    /// Waits until the shell's prompt is the last line on screen: the program has exited
    /// and the shell has the terminal again.
    @discardableResult
    public func waitForPrompt(timeout: Double = 10) throws -> String {
        try waitUntil("the shell prompt on the last line", timeout: timeout) { screen in
            screen.split(separator: "\n").last.map(String.init) == Self.prompt
        }
    }

    /// Resizes the window (the program gets SIGWINCH).
    public func resize(width: Int, height: Int) {
        _ = try? Self.tmux(["-S", socketPath, "resize-window", "-t", "tk", "-x", String(width), "-y", String(height)])
    }

    /// Whether the pane's program is still running (false once it has exited).
    public var isRunning: Bool {
        let out = (try? Self.tmux(["-S", socketPath, "display-message", "-p", "-t", target, "#{pane_dead}"])) ?? "1"
        return out.trimmingCharacters(in: .whitespacesAndNewlines) == "0"
    }

    /// The process id of the pane's program.
    public var panePID: Int32? {
        let out = try? Self.tmux(["-S", socketPath, "display-message", "-p", "-t", target, "#{pane_pid}"])
        return out.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Runs tmux and returns its standard output; throws with its standard error on failure.
    @discardableResult
    public static func tmux(_ args: [String]) throws -> String {
        let r = try Spawn.run(["tmux"] + args)
        guard r.status == 0 else {
            throw Failure(description: "tmux \(args.joined(separator: " ")) failed (\(r.status)): \(r.stderr)")
        }
        return r.stdout
    }

    /// Quotes one word for `sh`.
    static func quote(_ s: String) -> String {
        if !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
