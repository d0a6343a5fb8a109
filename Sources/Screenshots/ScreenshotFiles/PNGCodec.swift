import CPNGWrite
import Screenshot

/// PNG through libpng (the C shim CPNGWrite keeps libpng's setjmp/longjmp in C).
public enum PNGCodec {
    /// Encodes an RGBA image as PNG bytes.
    public static func encode(_ image: RasterImage) throws(ScreenshotError) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = image.pixels.withUnsafeBufferPointer { px in
            cpngw_encode_rgba(px.baseAddress, UInt32(image.width), UInt32(image.height), &out, &length, &message, message.count)
        }
        guard status == 0, let out else { throw .encoding(format: "PNG", reason: Self.text(message)) }
        defer { cpngw_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    /// Decodes PNG bytes into RGBA (for tests and checks); refuses more than `maxPixels`.
    public static func decode(_ bytes: [UInt8], maxPixels: UInt64 = 64 << 20) throws(ScreenshotError) -> RasterImage {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var width: UInt32 = 0, height: UInt32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { b in
            cpngw_decode_rgba(b.baseAddress, b.count, maxPixels, &out, &width, &height, &message, message.count)
        }
        guard status == 0, let out else { throw .encoding(format: "PNG", reason: Self.text(message)) }
        defer { cpngw_free(out) }
        let pixels = Array(UnsafeBufferPointer(start: out, count: Int(width) * Int(height) * 4))
        guard let image = RasterImage(width: Int(width), height: Int(height), pixels: pixels) else {
            throw .encoding(format: "PNG", reason: "size mismatch")
        }
        return image
    }

    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
