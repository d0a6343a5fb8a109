import CNcursesw
import TerminalCurses
import TerminalInput

/// The poll/signal/inbox half of a curses program's loop, shared by the pet and
/// `tachikoma-server status`: it owns the terminal and the wake pipe, sleeps in `poll` on
/// the terminal and that pipe until input, a signal, a post or the caller's deadline, and
/// hands back what happened as `TerminalLoop.Wake`s. What to do with them (reduce, draw)
/// stays with the caller. Made, used and dropped on the one thread that owns curses.
public final class TerminalLoop<Event: Sendable> {
    /// The terminal, for drawing and its size.
    public let terminal = CursesTerminal()
    /// Where other threads post events; exists from `start` on.
    public private(set) var inbox: LoopInbox<Event>?
    private var decoder = InputDecoder()
    private var wakePipe: [Int32] = [-1, -1]
    private var inputBuffer = [UInt8](repeating: 0, count: 4096)
    private var wakeBuffer = [UInt8](repeating: 0, count: 64)

    /// What woke the loop, in the order it happened.
    public enum Wake {
        /// A key, mouse event or paste.
        case input(InputEvent)
        /// The terminal has a new size (a resize, or back from a suspend).
        case resized(width: Int, height: Int)
        /// The terminal went away, or SIGTERM, SIGHUP, SIGINT or SIGQUIT came: leave.
        case terminate
        /// Another thread posted this.
        case posted(Event)
    }

    public init() {}

    /// Makes the wake pipe and the inbox and starts the terminal (signals write to the pipe).
    /// The pipe stays open until the process exits: the signal handler may write to it at
    /// any time, and a closed descriptor's number could be reused by then.
    @discardableResult
    public func start(environment: [String: String]) throws -> LoopInbox<Event> {
        guard tk_pipe(&wakePipe) == 0 else { throw TerminalLoopError(description: "cannot create a pipe") }
        let inbox = LoopInbox<Event>(wakeFD: wakePipe[1])
        self.inbox = inbox
        try terminal.start(signalFD: wakePipe[1], environment: environment)
        return inbox
    }

    /// Restores the terminal.
    public func stop() {
        terminal.stop()
    }

    /// Sleeps until something happens or `timeout` seconds pass (nil: no deadline; at most a
    /// minute), and returns what happened; empty when the time is up. A half-read escape
    /// sequence is given 25 ms to complete.
    public func wait(timeout: Double?) throws -> [Wake] {
        var ms: Int32 = timeout.map { Int32(min(60_000, max(0, ($0 * 1000).rounded(.up)))) } ?? -1
        if decoder.hasPending { ms = ms < 0 ? 25 : min(ms, 25) }
        var inputReady: Int32 = 0
        var wakeReady: Int32 = 0
        guard tk_wait(0, wakePipe[0], ms, &inputReady, &wakeReady) == 0 else {
            throw TerminalLoopError(description: "waiting for input failed")
        }
        var wakes: [Wake] = []
        if inputReady != 0 {
            let n = tk_read(0, &inputBuffer, inputBuffer.count)
            if n > 0 {
                wakes += decoder.feed(inputBuffer[0..<n]).map { .input($0) }
            } else if n == 0 {
                wakes.append(.terminate)
            }
        } else if decoder.hasPending {
            wakes += decoder.flush().map { .input($0) }
        }
        if wakeReady != 0 {
            let n = tk_read(wakePipe[0], &wakeBuffer, wakeBuffer.count)
            var posted = false
            for byte in wakeBuffer.prefix(max(0, n)) {
                let sig = Int32(byte)
                if sig == 0 {
                    posted = true
                } else if sig == tk_sigwinch() || sig == tk_sigcont() {
                    if sig == tk_sigcont() { terminal.invalidate() }
                    let size = terminal.updateSize()
                    wakes.append(.resized(width: size.width, height: size.height))
                } else if sig == tk_sigtstp() {
                    wakes.append(suspend())
                } else {
                    wakes.append(.terminate)
                }
            }
            if posted, let inbox { wakes += inbox.drain().map { .posted($0) } }
        }
        return wakes
    }

    /// Stops the process the way the shell expects (Ctrl-Z: raw mode turns it into a byte)
    /// and, once resumed, gives the terminal's size.
    public func suspend() -> Wake {
        terminal.suspend()
        let size = terminal.updateSize()
        return .resized(width: size.width, height: size.height)
    }
}

/// A terminal loop that could not start or wait, with a message for the user.
public struct TerminalLoopError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}
