extension IRCMessage {
    /// Parses one line (without its CR LF) into a message.
    ///
    /// Runs of spaces between parameters are tolerated; NUL, CR and LF inside the line are
    /// rejected; `limits` bounds the tag data and the body (`.fromClient` on a server).
    public init(parsing line: String, limits: IRCLimits = .unlimited) throws(IRCParseError) {
        var copy = line
        let result = copy.withUTF8 { buf -> Result<IRCMessage, IRCParseError> in
            do throws(IRCParseError) { return .success(try IRCMessage.parse(buf, limits: limits)) } catch { return .failure(error) }
        }
        self = try result.get()
    }

    /// Parses one line given as UTF-8 bytes (without its CR LF); invalid UTF-8 is an error.
    public init(parsing bytes: some Collection<UInt8>, limits: IRCLimits = .unlimited) throws(IRCParseError) {
        if let result = bytes.withContiguousStorageIfAvailable({ buf -> Result<IRCMessage, IRCParseError> in
            do throws(IRCParseError) { return .success(try IRCMessage.parse(buf, limits: limits)) } catch { return .failure(error) }
        }) {
            self = try result.get()
        } else {
            let result = Array(bytes).withUnsafeBufferPointer { buf -> Result<IRCMessage, IRCParseError> in
                do throws(IRCParseError) { return .success(try IRCMessage.parse(buf, limits: limits)) } catch { return .failure(error) }
            }
            self = try result.get()
        }
    }

    private static let space = UInt8(ascii: " ")
    private static let colon = UInt8(ascii: ":")

    static func parse(_ buf: UnsafeBufferPointer<UInt8>, limits: IRCLimits) throws(IRCParseError) -> IRCMessage {
        let end = buf.count
        var i = 0
        for b in buf where b == 0 || b == 0x0D || b == 0x0A { throw .forbiddenCharacter }
        var tags: [IRCTag] = []
        if end > 0, buf[0] == UInt8(ascii: "@") {
            var j = 1
            while j < end, buf[j] != space { j += 1 }
            if j - 1 > limits.maxTagBytes { throw .tagsTooLong }
            tags = try parseTags(UnsafeBufferPointer(rebasing: buf[1..<j]))
            i = j
        }
        while i < end, buf[i] == space { i += 1 }
        if end - i > limits.maxBodyBytes { throw .bodyTooLong }
        var source: IRCSource?
        if i < end, buf[i] == colon {
            var j = i + 1
            while j < end, buf[j] != space { j += 1 }
            if j == i + 1 { throw .invalidSource }
            source = IRCSource(parsing: Substring(try string(buf, i + 1, j)))
            i = j
            while i < end, buf[i] == space { i += 1 }
        }
        var j = i
        while j < end, buf[j] != space { j += 1 }
        if j == i { throw .empty }
        let commandBytes = UnsafeBufferPointer(rebasing: buf[i..<j])
        guard isValidCommand(commandBytes) else { throw .invalidCommand }
        let command = try string(buf, i, j)
        i = j
        var parameters: [String] = []
        while i < end {
            while i < end, buf[i] == space { i += 1 }
            if i >= end { break }
            if buf[i] == colon {
                parameters.append(try string(buf, i + 1, end))
                break
            }
            j = i
            while j < end, buf[j] != space { j += 1 }
            parameters.append(try string(buf, i, j))
            i = j
        }
        return IRCMessage(tags: tags, source: source, command: command, parameters: parameters)
    }

    private static func string(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) throws(IRCParseError) -> String {
        let bytes = UnsafeBufferPointer(rebasing: buf[from..<to])
        // ASCII (nearly every command, nick and channel) is valid UTF-8 as it is: decoded
        // without the generic validating path.
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw .invalidUTF8
        }
        return s
    }

    private static func parseTags(_ buf: UnsafeBufferPointer<UInt8>) throws(IRCParseError) -> [IRCTag] {
        var tags: [IRCTag] = []
        var start = 0
        let end = buf.count
        if end == 0 { throw .invalidTagKey }
        while start <= end {
            var stop = start
            while stop < end, buf[stop] != UInt8(ascii: ";") { stop += 1 }
            if stop > start {
                var eq = start
                while eq < stop, buf[eq] != UInt8(ascii: "=") { eq += 1 }
                let key = try string(buf, start, eq)
                guard IRCTag.isValidKey(key) else { throw .invalidTagKey }
                let value = eq < stop ? IRCTag.unescape(Substring(try string(buf, eq + 1, stop))) : ""
                if let k = tags.firstIndex(where: { $0.key == key }) {
                    tags[k].value = value
                } else {
                    tags.append(IRCTag(key: key, value: value))
                }
            }
            start = stop + 1
        }
        return tags
    }
}
