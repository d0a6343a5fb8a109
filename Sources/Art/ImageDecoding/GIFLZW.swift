/// A reason the LZW stream of a GIF frame is bad.
struct LZWError: Error {
    var reason: String
}

/// The GIF flavour of LZW decompression, with every code checked against the table.
enum GIFLZW {
    /// Decodes `data` into at most `pixelCount` colour indices. Stops at the end code,
    /// at `pixelCount` indices, or when data runs out (the rest stays unset: shorter output).
    static func decode(_ data: [UInt8], minCodeSize: Int, pixelCount: Int) throws(LZWError) -> [UInt8] {
        let clear = 1 << minCodeSize
        let end = clear + 1
        // The table as prefix links: entry = (prefix code, last byte, length).
        var prefix = [Int](repeating: -1, count: 4096)
        var suffix = [UInt8](repeating: 0, count: 4096)
        var length = [Int](repeating: 0, count: 4096)
        for i in 0..<clear {
            suffix[i] = UInt8(truncatingIfNeeded: i)
            length[i] = 1
        }
        var next = end + 1
        var width = minCodeSize + 1
        var previous = -1
        var out = [UInt8]()
        out.reserveCapacity(min(pixelCount, 1 << 20))
        var scratch = [UInt8](repeating: 0, count: 4096)

        var bitBuffer = 0
        var bitCount = 0
        var bytePos = 0
        while out.count < pixelCount {
            while bitCount < width {
                guard bytePos < data.count else { return out }
                bitBuffer |= Int(data[bytePos]) << bitCount
                bytePos += 1
                bitCount += 8
            }
            let code = bitBuffer & ((1 << width) - 1)
            bitBuffer >>= width
            bitCount -= width

            if code == clear {
                next = end + 1
                width = minCodeSize + 1
                previous = -1
                continue
            }
            if code == end { return out }
            if previous == -1 {
                guard code < clear else {
                    throw LZWError(reason: "LZW code \(code) out of range (the table holds \(clear) entries after a clear)")
                }
                out.append(suffix[code])
                previous = code
                continue
            }
            guard code <= next, code < 4096 else {
                throw LZWError(reason: "LZW code \(code) out of range (the table holds \(next) entries)")
            }
            // Unwind the string of `code` (or of `previous` + its first byte when code == next).
            let source = code == next ? previous : code
            var n = length[source]
            var c = source
            var i = n - 1
            while i >= 0 {
                scratch[i] = suffix[c]
                c = prefix[c]
                i -= 1
            }
            let first = scratch[0]
            if code == next {
                scratch[n] = first
                n += 1
            }
            out.append(contentsOf: scratch[0..<min(n, pixelCount - out.count)])
            if next < 4096 {
                prefix[next] = previous
                suffix[next] = first
                length[next] = length[previous] + 1
                next += 1
                if next == 1 << width && width < 12 { width += 1 }
            }
            previous = code
        }
        return out
    }
}
