/// Splits a byte stream into IRC lines, with a bound on line length.
///
/// Lines end at LF or CR (so CR LF, bare LF and bare CR all work); empty lines are skipped.
/// A line longer than `maxLineBytes` is reported once as `.tooLong` and its bytes are
/// discarded up to the next line end, so hostile input never grows the buffer past the bound.
public struct IRCLineFramer: Sendable {
    /// What `next()` yields.
    public enum Event: Hashable, Sendable {
        /// One complete line, without its terminator.
        case line([UInt8])
        /// A line exceeded the limit and was dropped.
        case tooLong
    }

    /// The bound on one line, excluding the terminator.
    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var scanIndex = 0
    private var discarding = false

    /// Makes a framer; the default bound is 8191 bytes of tags plus 512 of body.
    public init(maxLineBytes: Int = IRCLimits.maxLineBytes) {
        self.maxLineBytes = maxLineBytes
    }

    /// Bytes received but not yet returned as a line.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if readIndex > 0, readIndex == buffer.count {
            buffer.removeAll()
            readIndex = 0
            scanIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Returns the next complete line or overflow report, or `nil` when more bytes are needed.
    public mutating func next() -> Event? {
        while true {
            var i = scanIndex
            let count = buffer.count
            while i < count, buffer[i] != 0x0A, buffer[i] != 0x0D { i += 1 }
            if i == count {
                scanIndex = i
                if count - readIndex > maxLineBytes {
                    let wasDiscarding = discarding
                    discarding = true
                    readIndex = count
                    compact()
                    if !wasDiscarding { return .tooLong }
                }
                compact()
                return nil
            }
            let start = readIndex
            readIndex = i + 1
            scanIndex = readIndex
            if discarding {
                discarding = false
                continue
            }
            if i == start { continue }
            if i - start > maxLineBytes { return .tooLong }
            return .line(Array(buffer[start..<i]))
        }
    }

    private mutating func compact() {
        if readIndex == buffer.count {
            buffer.removeAll()
            readIndex = 0
            scanIndex = 0
        } else if readIndex > 4096 {
            buffer.removeFirst(readIndex)
            scanIndex -= readIndex
            readIndex = 0
        }
    }
}
