import CNcursesw
import ScreenCore

/// The terminal, driven through ncursesw: start-up and restore, size, colours, and sending
/// a `ScreenBuffer` as the cells that changed since the last one shown.
///
/// Not thread-safe by design: one thread (the UI loop's) owns curses and this object.
public final class CursesTerminal {
    /// What the terminal can show, as terminfo and the environment tell it.
    public struct Capabilities: Sendable {
        public var colors: Int
        public var directColor: Bool
        public var depth: ColorDepth
    }

    /// Mouse reporting: button events and drags only (cheap), or all motion (for hover).
    public enum MouseTracking: Sendable {
        case buttons, allMotion
    }

    /// Why the terminal could not be used.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    public private(set) var capabilities = Capabilities(colors: 0, directColor: false, depth: .none)
    /// The colour depth cells are sent in; at most what the terminal can show.
    public var depth: ColorDepth = .none
    public private(set) var width = 0
    public private(set) var height = 0
    /// Cells written to the terminal since start (for the frugality benchmark and tests).
    public private(set) var cellsWritten = 0
    private var shown: ScreenBuffer?
    private var started = false
    private var tracking: MouseTracking = .buttons

    /// Everything that undoes our terminal modes; also written by the fatal-signal handler.
    public static let restoreSequence = "\u{1B}[?1003l\u{1B}[?1002l\u{1B}[?1006l\u{1B}[?2004l\u{1B}[0m\u{1B}[?1049l\u{1B}[?25h\r\n"
    private static let mouseOff = "\u{1B}[?1003l\u{1B}[?1002l\u{1B}[?1006l\u{1B}[?2004l"

    public init() {}

    /// Takes over the terminal: alternate screen, raw input, no cursor, mouse and paste
    /// reporting. `signalFD` receives one byte per signal the UI loop must handle.
    public func start(signalFD: Int32, environment: [String: String]) throws {
        tk_setlocale()
        tk_install_signals(signalFD, Self.restoreSequence)
        var caps = tk_caps()
        var err = [CChar](repeating: 0, count: 256)
        let override = Self.directColorEntry(environment: environment)
        let rc = override.map { tk_start(&caps, &err, Int32(err.count), $0) } ?? tk_start(&caps, &err, Int32(err.count), nil)
        guard rc == 0 else {
            throw StartError(description: String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        started = true
        let detected = Self.depth(colors: Int(caps.colors), direct: caps.direct != 0, hasColors: caps.has_colors != 0, environment: environment)
        capabilities = Capabilities(colors: Int(caps.colors), directColor: caps.direct != 0, depth: detected)
        depth = detected
        enableModes()
        updateSize()
    }

    /// The colour depth a terminal supports: terminfo's colour count and RGB flag, then
    /// `NO_COLOR` (any value turns colour off). Truecolor is only sent where terminfo has
    /// direct colour, because curses can send RGB nowhere else; `COLORTERM=truecolor`
    /// without it is shown in 256 colours.
    public static func depth(colors: Int, direct: Bool, hasColors: Bool, environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        guard hasColors, colors >= 8 else { return .none }
        if direct && colors >= 1 << 24 { return .truecolor }
        if colors >= 256 { return .ansi256 }
        return .ansi16
    }

    /// With `COLORTERM=truecolor` (or `24bit`) the terminal says it takes 24-bit colour even
    /// when its terminfo entry (`xterm-256color`, `tmux-256color`) does not; curses can only
    /// send RGB through a direct-colour entry, so the matching `*-direct` entry (from
    /// Debian's ncurses-term) is used when it exists. Nil: keep `$TERM`.
    static func directColorEntry(environment: [String: String]) -> String? {
        guard let colorterm = environment["COLORTERM"]?.lowercased(), colorterm == "truecolor" || colorterm == "24bit",
              environment["NO_COLOR"].map({ $0.isEmpty }) ?? true,
              let term = environment["TERM"], !term.hasSuffix("-direct") else { return nil }
        let family = term.split(separator: "-").first.map(String.init) ?? term
        let candidates = family == "screen" ? ["tmux-direct"] : [family + "-direct"]
        return candidates.first { tk_has_terminfo($0) != 0 }
    }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func stop() {
        guard started else { return }
        started = false
        tk_write_raw(Self.mouseOff)
        tk_end()
    }

    /// Ctrl-Z: restore the terminal, stop the process, and take the terminal again on `fg`.
    public func suspend() {
        guard started else { return }
        tk_write_raw(Self.mouseOff)
        tk_end()
        tk_stop_self()
        tk_resume()
        enableModes()
        updateSize()
        invalidate()
    }

    /// Reads the real size after SIGWINCH and tells curses; returns the new size.
    @discardableResult
    public func updateSize() -> (width: Int, height: Int) {
        var rows: Int32 = 0
        var cols: Int32 = 0
        if tk_winsize(1, &rows, &cols) == 0, rows != tk_lines() || cols != tk_cols() {
            tk_resize(rows, cols)
        }
        width = Int(tk_cols())
        height = Int(tk_lines())
        return (width, height)
    }

    /// Switches mouse reporting (all motion costs wake-ups; use it only while hovering matters).
    public func setMouseTracking(_ mode: MouseTracking) {
        guard mode != tracking else { return }
        tracking = mode
        if started { enableModes() }
    }

    /// Forgets what the screen shows, so the next `present` repaints everything.
    public func invalidate() {
        shown = nil
        tk_invalidate()
    }

    /// Sends the cells of `buffer` that differ from what was shown last; nothing at all
    /// when nothing changed. Returns the number of cells written.
    @discardableResult
    public func present(_ buffer: ScreenBuffer) -> Int {
        guard started else { return 0 }
        let changes = buffer.changes(from: shown)
        shown = buffer
        guard !changes.isEmpty else { return 0 }
        var wide = [wchar_t](repeating: 0, count: 6)
        for change in changes {
            let scalars = change.cell.grapheme.unicodeScalars
            var n = 0
            for s in scalars where n < 5 {
                wide[n] = wchar_t(bitPattern: s.value)
                n += 1
            }
            wide[n] = 0
            let style = change.cell.style
            let pair = tk_pair(colorNumber(style.fg), colorNumber(style.bg))
            tk_put(Int32(change.y), Int32(change.x), wide, Int32(style.attributes.rawValue), pair)
        }
        tk_flush()
        cellsWritten += changes.count
        return changes.count
    }

    private func enableModes() {
        let motion = tracking == .allMotion ? "\u{1B}[?1003h" : "\u{1B}[?1003l\u{1B}[?1002h"
        tk_write_raw("\u{1B}[?1000h" + motion + "\u{1B}[?1006h\u{1B}[?2004h")
    }

    /// The curses colour number for a colour at the current depth (-1: terminal default).
    private func colorNumber(_ c: Color) -> Int32 {
        switch c.reduced(to: depth) {
        case .default:
            return -1
        case .palette(let i):
            if depth == .truecolor && i >= 8 {
                let v = XtermPalette.rgb(i)
                return Int32(v.r) << 16 | Int32(v.g) << 8 | Int32(v.b)
            }
            return Int32(i)
        case .rgb(let v):
            return Int32(v.r) << 16 | Int32(v.g) << 8 | Int32(v.b)
        }
    }
}
