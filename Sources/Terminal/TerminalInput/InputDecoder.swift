/// Turns the bytes a terminal sends into key, mouse and paste events.
///
/// Understands UTF-8 text, C0 controls, CSI and SS3 key sequences (xterm, VT220 and
/// rxvt forms), SGR (1006) and X10 mouse reports, and bracketed paste. Bytes that end in
/// the middle of a sequence are kept until more arrive; a lone ESC is ambiguous until the
/// caller sees no more input for a moment and calls `flush()`. Pure: no I/O.
public struct InputDecoder: Sendable {
    private var pending: [UInt8] = []
    private var pasting = false
    private var pasteBytes: [UInt8] = []
    /// Paste is capped so a runaway paste cannot grow memory without bound.
    public static let maxPasteBytes = 1 << 20

    public init() {}

    /// Whether bytes are waiting for the rest of a sequence (a lone ESC among them).
    public var hasPending: Bool { !pending.isEmpty }

    /// Feeds bytes and returns the events they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [InputEvent] {
        pending.append(contentsOf: bytes)
        var events: [InputEvent] = []
        var i = 0
        while i < pending.count {
            if pasting {
                if let end = find(pasteEnd, in: pending, from: i) {
                    appendPaste(pending[i..<end])
                    events.append(.paste(String(decoding: pasteBytes, as: UTF8.self)))
                    pasteBytes = []
                    pasting = false
                    i = end + pasteEnd.count
                    continue
                }
                // Keep a possible partial terminator for the next feed.
                let keep = min(pasteEnd.count - 1, pending.count - i)
                appendPaste(pending[i..<(pending.count - keep)])
                i = pending.count - keep
                break
            }
            guard let (event, used) = decodeOne(at: i) else { break }
            i += used
            if let event { events.append(event) }
        }
        pending.removeFirst(i)
        return events
    }

    /// Called when input has gone quiet: whatever is pending is taken as typed keys
    /// (a lone ESC becomes the Escape key, ESC x becomes Alt-x).
    public mutating func flush() -> [InputEvent] {
        guard !pending.isEmpty, !pasting else { return [] }
        var events: [InputEvent] = []
        var bytes = pending[...]
        pending = []
        while let b = bytes.first {
            bytes = bytes.dropFirst()
            if b == 0x1B {
                events.append(.key(.escape))
            } else {
                events.append(contentsOf: feed([b]))
            }
        }
        events.append(contentsOf: feed([]))
        return events
    }

    private let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    private mutating func appendPaste(_ bytes: ArraySlice<UInt8>) {
        let room = Self.maxPasteBytes - pasteBytes.count
        if room > 0 { pasteBytes.append(contentsOf: bytes.prefix(room)) }
    }

    private func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard hay.count - from >= needle.count else { return nil }
        var j = from
        while j + needle.count <= hay.count {
            if hay[j] == needle[0], Array(hay[j..<(j + needle.count)]) == needle { return j }
            j += 1
        }
        return nil
    }

    /// Decodes one event at `i`: nil when more bytes are needed; (nil, n) to skip n bytes.
    private mutating func decodeOne(at i: Int) -> (InputEvent?, Int)? {
        let b = pending[i]
        switch b {
        case 0x1B:
            return decodeEscape(at: i)
        case 0x0D, 0x0A:
            return (.key(.enter), 1)
        case 0x09:
            return (.key(.tab), 1)
        case 0x7F, 0x08:
            return (.key(.backspace), 1)
        case 0x00:
            return (.key(.ctrl(" ")), 1)
        case 0x01...0x1A:
            return (.key(.ctrl(Character(Unicode.Scalar(b + 0x60)))), 1)
        case 0x1C...0x1F:
            return (nil, 1)
        case 0x20..<0x80:
            return (.key(.char(Character(Unicode.Scalar(b)))), 1)
        default:
            return decodeUTF8(at: i).map { ($0.0.map { .key(.char($0)) }, $0.1) }
        }
    }

    private func decodeUTF8(at i: Int) -> (Character?, Int)? {
        let b = pending[i]
        let n: Int
        switch b {
        case 0xC2...0xDF: n = 2
        case 0xE0...0xEF: n = 3
        case 0xF0...0xF4: n = 4
        default: return ("\u{FFFD}", 1)
        }
        guard pending.count - i >= n else {
            // Only wait if what we have so far is a valid prefix.
            for k in 1..<(pending.count - i) where pending[i + k] & 0xC0 != 0x80 { return ("\u{FFFD}", 1) }
            return nil
        }
        let bytes = pending[i..<(i + n)]
        var it = bytes.makeIterator()
        var utf8 = Unicode.UTF8.ForwardParser()
        switch utf8.parseScalar(from: &it) {
        case .valid(let v):
            let scalar = Unicode.UTF8.decode(v)
            return (Character(scalar), n)
        default:
            return ("\u{FFFD}", 1)
        }
    }

    private mutating func decodeEscape(at i: Int) -> (InputEvent?, Int)? {
        guard i + 1 < pending.count else { return nil }
        let next = pending[i + 1]
        switch next {
        case UInt8(ascii: "["):
            return decodeCSI(at: i)
        case UInt8(ascii: "O"):
            guard i + 2 < pending.count else { return nil }
            let keys: [UInt8: Key] = [
                UInt8(ascii: "A"): .up, UInt8(ascii: "B"): .down, UInt8(ascii: "C"): .right,
                UInt8(ascii: "D"): .left, UInt8(ascii: "H"): .home, UInt8(ascii: "F"): .end,
                UInt8(ascii: "P"): .function(1), UInt8(ascii: "Q"): .function(2),
                UInt8(ascii: "R"): .function(3), UInt8(ascii: "S"): .function(4),
                UInt8(ascii: "M"): .enter,
            ]
            return (keys[pending[i + 2]].map { .key($0) }, 3)
        case 0x1B:
            return (.key(.escape), 1)
        default:
            // ESC followed by a key: Alt plus that key.
            guard let (event, used) = decodeOne(at: i + 1) else { return nil }
            if case .key(let k, let mods)? = event { return (.key(k, mods.union(.alt)), used + 1) }
            return (event, used + 1)
        }
    }

    private mutating func decodeCSI(at i: Int) -> (InputEvent?, Int)? {
        var j = i + 2
        // X10 mouse: ESC [ M b x y
        if j < pending.count, pending[j] == UInt8(ascii: "M") {
            guard j + 3 < pending.count else { return nil }
            let cb = Int(pending[j + 1]) - 32
            let x = Int(pending[j + 2]) - 33
            let y = Int(pending[j + 3]) - 33
            return (.mouse(Self.mouse(cb, x: x, y: y, released: cb & 3 == 3)), 6)
        }
        let sgrMouse = j < pending.count && pending[j] == UInt8(ascii: "<")
        if sgrMouse { j += 1 }
        let paramStart = j
        while j < pending.count, (0x20...0x3F).contains(pending[j]) {
            j += 1
            if j - i > 64 { return (nil, j - i) }  // absurdly long: drop it
        }
        guard j < pending.count else { return nil }
        let final = pending[j]
        let used = j - i + 1
        let params = String(decoding: pending[paramStart..<j], as: UTF8.self)
            .split(separator: ";", omittingEmptySubsequences: false)
            .map { Int($0.split(separator: ":").first ?? "") ?? 0 }
        if sgrMouse {
            guard params.count == 3, final == UInt8(ascii: "M") || final == UInt8(ascii: "m") else { return (nil, used) }
            let event = Self.mouse(params[0], x: params[1] - 1, y: params[2] - 1, released: final == UInt8(ascii: "m"))
            return (.mouse(event), used)
        }
        let mods = params.count > 1 ? Self.modifiers(params[1]) : []
        switch final {
        case UInt8(ascii: "A"): return (.key(.up, mods), used)
        case UInt8(ascii: "B"): return (.key(.down, mods), used)
        case UInt8(ascii: "C"): return (.key(.right, mods), used)
        case UInt8(ascii: "D"): return (.key(.left, mods), used)
        case UInt8(ascii: "H"): return (.key(.home, mods), used)
        case UInt8(ascii: "F"): return (.key(.end, mods), used)
        case UInt8(ascii: "Z"): return (.key(.backTab, mods), used)
        case UInt8(ascii: "P"): return (.key(.function(1), mods), used)
        case UInt8(ascii: "Q"): return (.key(.function(2), mods), used)
        case UInt8(ascii: "R"): return (.key(.function(3), mods), used)
        case UInt8(ascii: "S"): return (.key(.function(4), mods), used)
        case UInt8(ascii: "~"):
            let tilde: [Int: Key] = [
                1: .home, 2: .insert, 3: .delete, 4: .end, 5: .pageUp, 6: .pageDown, 7: .home, 8: .end,
                11: .function(1), 12: .function(2), 13: .function(3), 14: .function(4), 15: .function(5),
                17: .function(6), 18: .function(7), 19: .function(8), 20: .function(9), 21: .function(10),
                23: .function(11), 24: .function(12),
            ]
            if params.first == 200 {
                pasting = true
                return (nil, used)
            }
            return (tilde[params.first ?? 0].map { .key($0, mods) }, used)
        default:
            return (nil, used)
        }
    }

    private static func modifiers(_ p: Int) -> Modifiers {
        guard p > 1 else { return [] }
        let bits = p - 1
        var m: Modifiers = []
        if bits & 1 != 0 { m.insert(.shift) }
        if bits & 2 != 0 { m.insert(.alt) }
        if bits & 4 != 0 { m.insert(.ctrl) }
        return m
    }

    private static func mouse(_ cb: Int, x: Int, y: Int, released: Bool) -> MouseEvent {
        var mods: Modifiers = []
        if cb & 4 != 0 { mods.insert(.shift) }
        if cb & 8 != 0 { mods.insert(.alt) }
        if cb & 16 != 0 { mods.insert(.ctrl) }
        let buttonBits = cb & 3
        let x = max(0, x)
        let y = max(0, y)
        if cb & 64 != 0 {
            return MouseEvent(action: buttonBits == 0 ? .wheelUp : .wheelDown, button: .none, x: x, y: y, modifiers: mods)
        }
        let button: MouseButton = [.left, .middle, .right, .none][buttonBits]
        if cb & 32 != 0 {
            return MouseEvent(action: button == .none ? .move : .drag, button: button, x: x, y: y, modifiers: mods)
        }
        return MouseEvent(action: released || button == .none ? .release : .press, button: button, x: x, y: y, modifiers: mods)
    }
}
