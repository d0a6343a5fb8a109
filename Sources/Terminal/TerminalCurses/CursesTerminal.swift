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
    public var depth: ColorDepth = .none {
        didSet { if let a = directAttributes { encoder = makeEncoder(attributes: a) } }
    }
    public private(set) var width = 0
    public private(set) var height = 0
    /// Cells written to the terminal since start (for the frugality benchmark and tests).
    public private(set) var cellsWritten = 0
    /// Bytes written for frames since start (for tests and the frugality benchmark).
    public private(set) var bytesWritten = 0
    private var shown: ScreenBuffer?
    private var started = false
    /// Frames go out through this encoder when terminfo says the terminal takes the
    /// ECMA-48 sequences it writes (`directAttributes` is set); else through curses
    /// (`tk_put` + `tk_flush`).
    private var encoder = ScreenEncoder { _, _ in [] }
    private var directAttributes: Attributes?
    private var output: [UInt8] = []
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
        // Curses clears the screen on its first refresh; after that, frames are ours.
        tk_flush()
        directAttributes = environment["TACHIKOMA_OUTPUT"] == "curses" ? nil : Self.directOutput(colors: capabilities.colors)
        if let a = directAttributes { encoder = makeEncoder(attributes: a) }
    }

    /// Whether frames can go out through `ScreenEncoder`: this terminal's terminfo entry
    /// has exactly the sequences it writes (CUP, SGR reset and attributes, `op`), its
    /// `setaf`/`setab` are plain `CSI … m` strings (so they can be merged into one SGR),
    /// and its right margin holds a pending wrap (`am` with `xenl`, or no `am`). The
    /// attributes the terminal has are returned; nil: curses keeps sending the cells.
    static func directOutput(colors: Int) -> Attributes? {
        guard cap("cup", 4, 6) == csi("5;7H"), cap("cup", 0, 0) == csi("1;1H") else { return nil }
        guard let sgr0 = cap("sgr0"), sgr0.starts(with: csi("m")) || sgr0.starts(with: csi("0m")) else { return nil }
        guard tk_flag("am") == 0 || tk_flag("xenl") != 0 else { return nil }
        guard cap("op") == nil || cap("op") == csi("39;49m") else { return nil }
        var attributes: Attributes = []
        for (name, flag, code) in [("bold", Attributes.bold, "1m"), ("dim", .dim, "2m"), ("sitm", .italic, "3m"),
                                   ("smul", .underline, "4m"), ("rev", .reverse, "7m")] {
            guard let s = cap(name) else { continue }
            guard s == csi(code) else { return nil }
            attributes.insert(flag)
        }
        for sample in [1, 9, 100, 0x123456] where sample < colors {
            guard sgrParameters(cap("setaf", Int32(sample))) != nil, sgrParameters(cap("setab", Int32(sample))) != nil else {
                return nil
            }
        }
        return attributes
    }

    /// A terminfo string capability expanded with up to two parameters; nil when absent.
    static func cap(_ name: String, _ p1: Int32 = 0, _ p2: Int32 = 0) -> [UInt8]? {
        var buf = [CChar](repeating: 0, count: 128)
        let n = tk_tparm(name, p1, p2, &buf, Int32(buf.count))
        return n < 0 ? nil : buf.prefix(Int(n)).map { UInt8(bitPattern: $0) }
    }

    static func csi(_ s: String) -> [UInt8] { [0x1B, 0x5B] + Array(s.utf8) }

    /// The parameters of a `CSI params m` sequence with nothing but parameters inside.
    static func sgrParameters(_ s: [UInt8]?) -> [UInt8]? {
        guard let s, s.count > 3, s.starts(with: [0x1B, 0x5B]), s.last == 0x6D else { return nil }
        let inner = s.dropFirst(2).dropLast()
        guard inner.allSatisfy({ (0x30...0x3B).contains($0) }) else { return nil }
        return Array(inner)
    }

    /// The encoder for the current depth: colour parameters from terminfo's `setaf` and
    /// `setab` for the curses colour number, `39`/`49` for the terminal's default; cursor
    /// moves along a row as CUF where terminfo's `cuf` is `CSI n C`.
    private func makeEncoder(attributes: Attributes) -> ScreenEncoder {
        let depth = self.depth
        let direct = capabilities.directColor
        let right = Self.cap("cuf", 5) == Self.csi("5C")
        return ScreenEncoder(supportedAttributes: attributes, canMoveRight: right) { color, foreground in
            let reduced = color.reduced(to: depth)
            if direct, depth < .truecolor, case .palette = reduced {
                // 256 (or 16) colours asked for on a direct-colour entry: its `setaf` reads
                // numbers from 8 up as RGB, but such terminals take indexed colour too.
                return ScreenEncoder.standardParameters(reduced, foreground)
            }
            let n = Self.colorNumber(color, depth: depth, direct: direct)
            if n < 0 { return Array((foreground ? "39" : "49").utf8) }
            return Self.sgrParameters(Self.cap(foreground ? "setaf" : "setab", n))
                ?? ScreenEncoder.standardParameters(color.reduced(to: depth), foreground)
        }
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
        // Curses does not know the pen our frames left; the shell gets plain text back.
        tk_write_raw(Self.mouseOff + "\u{1B}[0m")
        tk_end()
    }

    /// Ctrl-Z: restore the terminal, stop the process, and take the terminal again on `fg`.
    public func suspend() {
        guard started else { return }
        tk_write_raw(Self.mouseOff + "\u{1B}[0m")
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
        encoder.reset()
        tk_invalidate()
    }

    /// Sends the cells of `buffer` that differ from what was shown last; nothing at all
    /// when nothing changed. Returns the number of cells written.
    @discardableResult
    public func present(_ buffer: ScreenBuffer) -> Int {
        guard started else { return 0 }
        if let old = shown, old.width != buffer.width || old.height != buffer.height {
            encoder.reset()  // the terminal may have moved the cursor when it resized
        }
        let changes = buffer.changes(from: shown)
        shown = buffer
        guard !changes.isEmpty else { return 0 }
        cellsWritten += changes.count
        if directAttributes != nil {
            output.removeAll(keepingCapacity: true)
            encoder.encode(changes, width: buffer.width, into: &output)
            output.withUnsafeBufferPointer { tk_write_bytes($0.baseAddress, $0.count) }
            bytesWritten += output.count
            return changes.count
        }
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
        return changes.count
    }

    private func enableModes() {
        let motion = tracking == .allMotion ? "\u{1B}[?1003h" : "\u{1B}[?1003l\u{1B}[?1002h"
        tk_write_raw("\u{1B}[?1000h" + motion + "\u{1B}[?1006h\u{1B}[?2004h")
    }

    /// The curses colour number for a colour at the current depth (-1: terminal default).
    private func colorNumber(_ c: Color) -> Int32 { Self.colorNumber(c, depth: depth, direct: capabilities.directColor) }

    /// The curses colour number for a colour at `depth` (-1: terminal default). With a
    /// direct-colour terminfo entry (`direct`) curses reads numbers from 8 up as 0xRRGGBB,
    /// so palette colours from 8 up are sent as their RGB, whatever the depth.
    static func colorNumber(_ c: Color, depth: ColorDepth, direct: Bool) -> Int32 {
        switch c.reduced(to: depth) {
        case .default:
            return -1
        case .palette(let i):
            if (depth == .truecolor || direct) && i >= 8 {
                let v = XtermPalette.rgb(i)
                return Int32(v.r) << 16 | Int32(v.g) << 8 | Int32(v.b)
            }
            return Int32(i)
        case .rgb(let v):
            return Int32(v.r) << 16 | Int32(v.g) << 8 | Int32(v.b)
        }
    }
}
