import ImageConversion

/// A memory-safe GIF decoder (GIF87a/89a): global and local colour tables, transparency,
/// disposal methods 1–3, interlacing, per-frame delays. Frames come out composited on a
/// transparent canvas, as browsers show them. Pure Swift: bounds are checked on every read.
public enum GIFDecoder {
    /// Decodes `bytes`; `source` names the file in errors.
    public static func decode(_ bytes: [UInt8], source: String, limits: DecodingLimits = .standard) throws(ImageDecodingError) -> ImageSequence {
        var reader = GIFReader(bytes: bytes, source: source, limits: limits)
        return try reader.decode()
    }

    /// The display time browsers use for a GIF delay of `centiseconds`: 0 and 1 (which
    /// many GIFs use to mean "as fast as possible") play at 100 ms.
    public static func displayMilliseconds(centiseconds: Int) -> Int {
        centiseconds <= 1 ? 100 : centiseconds * 10
    }
}

/// The decoder's cursor and canvas.
private struct GIFReader {
    let bytes: [UInt8]
    let source: String
    let limits: DecodingLimits
    var pos = 0

    init(bytes: [UInt8], source: String, limits: DecodingLimits) {
        self.bytes = bytes
        self.source = source
        self.limits = limits
    }

    func fail(_ reason: String) -> ImageDecodingError { ImageDecodingError(source: source, reason: reason) }

    mutating func byte(_ what: String) throws(ImageDecodingError) -> UInt8 {
        guard pos < bytes.count else { throw fail("truncated GIF: the file ends inside the \(what)") }
        pos += 1
        return bytes[pos - 1]
    }

    mutating func u16(_ what: String) throws(ImageDecodingError) -> Int {
        let lo = Int(try byte(what))
        return lo | Int(try byte(what)) << 8
    }

    mutating func colourTable(_ sizeBits: UInt8, _ what: String) throws(ImageDecodingError) -> [UInt8] {
        let count = 3 << (Int(sizeBits & 7) + 1)
        guard pos + count <= bytes.count else { throw fail("truncated GIF: the file ends inside the \(what)") }
        defer { pos += count }
        return Array(bytes[pos..<pos + count])
    }

    /// Concatenated data sub-blocks up to the zero terminator.
    mutating func subBlocks(_ what: String, keep: Bool) throws(ImageDecodingError) -> [UInt8] {
        var data: [UInt8] = []
        while true {
            let n = Int(try byte(what))
            if n == 0 { return data }
            guard pos + n <= bytes.count else { throw fail("truncated GIF: the file ends inside the \(what)") }
            if keep { data.append(contentsOf: bytes[pos..<pos + n]) }
            pos += n
        }
    }

    mutating func decode() throws(ImageDecodingError) -> ImageSequence {
        guard bytes.count >= 6, bytes[0..<3].elementsEqual("GIF".utf8) else { throw fail("not a GIF file (bad signature)") }
        guard bytes[3..<6].elementsEqual("87a".utf8) || bytes[3..<6].elementsEqual("89a".utf8) else {
            throw fail("unknown GIF version")
        }
        pos = 6
        let width = try u16("screen descriptor")
        let height = try u16("screen descriptor")
        let packed = try byte("screen descriptor")
        _ = try byte("screen descriptor")  // background index: browsers start from transparent
        _ = try byte("screen descriptor")  // aspect ratio
        guard width > 0, height > 0 else { throw fail("GIF canvas has zero size (\(width)x\(height))") }
        guard width <= limits.maxSide, height <= limits.maxSide, width * height <= limits.maxPixels else {
            throw fail("GIF canvas \(width)x\(height) is larger than the limit (\(limits.maxSide) px a side, \(limits.maxPixels) px in all)")
        }
        let global = packed & 0x80 != 0 ? try colourTable(packed, "global colour table") : nil

        var canvas = RGBAImage(width: width, height: height)
        var frames: [ImageSequence.Frame] = []
        var totalPixels = 0
        var delay = 0
        var transparent: Int? = nil
        var disposal = 0
        while true {
            let introducer = try byte("block introducer")
            switch introducer {
            case 0x3B:
                guard !frames.isEmpty else { throw fail("GIF has no image") }
                return ImageSequence(frames: frames)
            case 0x21:
                let label = try byte("extension")
                let data = try subBlocks("extension", keep: label == 0xF9)
                if label == 0xF9 {
                    guard data.count >= 4 else { throw fail("graphic control extension too short") }
                    disposal = Int(data[0] >> 2 & 7)
                    delay = Int(data[1]) | Int(data[2]) << 8
                    transparent = data[0] & 1 != 0 ? Int(data[3]) : nil
                }
            case 0x2C:
                guard frames.count < limits.maxFrames else {
                    throw fail("GIF has more than \(limits.maxFrames) frames (the limit)")
                }
                let left = try u16("image descriptor"), top = try u16("image descriptor")
                let w = try u16("image descriptor"), h = try u16("image descriptor")
                let flags = try byte("image descriptor")
                let local = flags & 0x80 != 0 ? try colourTable(flags, "local colour table") : nil
                guard let table = local ?? global else { throw fail("frame \(frames.count + 1) has no colour table") }
                guard w * h <= limits.maxPixels else {
                    throw fail("frame \(frames.count + 1) is \(w)x\(h), larger than the limit (\(limits.maxPixels) px)")
                }
                totalPixels += width * height
                guard totalPixels <= limits.maxTotalPixels else {
                    throw fail("GIF decodes to more than \(limits.maxTotalPixels) pixels in all (the limit)")
                }
                let minCodeSize = Int(try byte("image data"))
                guard (1...8).contains(minCodeSize) else { throw fail("bad LZW minimum code size \(minCodeSize) in frame \(frames.count + 1)") }
                let data = try subBlocks("image data", keep: true)
                let indices: [UInt8]
                do {
                    indices = try GIFLZW.decode(data, minCodeSize: minCodeSize, pixelCount: w * h)
                } catch {
                    throw fail("\(error.reason) in frame \(frames.count + 1)")
                }
                let saved = disposal == 3 ? canvas : nil
                draw(indices, into: &canvas, rect: (left, top, w, h), interlaced: flags & 0x40 != 0,
                     table: table, transparent: transparent)
                frames.append(ImageSequence.Frame(image: canvas, durationMs: GIFDecoder.displayMilliseconds(centiseconds: delay)))
                if disposal == 2 {
                    clear(&canvas, rect: (left, top, w, h))
                } else if let saved {
                    canvas = saved
                }
                delay = 0
                transparent = nil
                disposal = 0
            default:
                throw fail("unknown block type 0x\(String(introducer, radix: 16)) at byte \(pos - 1)")
            }
        }
    }

    func draw(_ indices: [UInt8], into canvas: inout RGBAImage, rect: (Int, Int, Int, Int), interlaced: Bool,
              table: [UInt8], transparent: Int?) {
        let (left, top, w, h) = rect
        guard w > 0, h > 0 else { return }
        let rows = interlaced ? GIFReader.interlacedRowOrder(h) : Array(0..<h)
        let tableCount = table.count / 3
        for (sourceRow, y) in rows.enumerated() {
            let cy = top + y
            guard cy < canvas.height else { continue }
            for x in 0..<w {
                let cx = left + x
                guard cx < canvas.width else { break }
                let i = sourceRow * w + x
                guard i < indices.count else { return }
                let index = Int(indices[i])
                if index == transparent || index >= tableCount { continue }
                let o = (cy * canvas.width + cx) * 4
                canvas.pixels[o] = table[index * 3]
                canvas.pixels[o + 1] = table[index * 3 + 1]
                canvas.pixels[o + 2] = table[index * 3 + 2]
                canvas.pixels[o + 3] = 255
            }
        }
    }

    func clear(_ canvas: inout RGBAImage, rect: (Int, Int, Int, Int)) {
        let (left, top, w, h) = rect
        let x0 = min(left, canvas.width), x1 = min(canvas.width, left + w)
        let y0 = min(top, canvas.height), y1 = min(canvas.height, top + h)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 {
                let o = (y * canvas.width + x) * 4
                canvas.pixels[o] = 0
                canvas.pixels[o + 1] = 0
                canvas.pixels[o + 2] = 0
                canvas.pixels[o + 3] = 0
            }
        }
    }

    /// The canvas row of each stored row of an interlaced image (passes 8, 8, 4, 2).
    static func interlacedRowOrder(_ h: Int) -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(h)
        for (start, step) in [(0, 8), (4, 8), (2, 4), (1, 2)] {
            var y = start
            while y < h {
                order.append(y)
                y += step
            }
        }
        return order
    }
}
