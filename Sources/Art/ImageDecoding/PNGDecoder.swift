import CPNG
import ImageConversion

/// Decodes PNG files through libpng (every colour type and bit depth, palette + tRNS,
/// interlaced), with the size limits applied before any pixel memory is taken.
public enum PNGDecoder {
    /// Decodes the PNG file `bytes`; `source` names it in errors.
    public static func decode(_ bytes: [UInt8], source: String, limits: DecodingLimits = .standard) throws(ImageDecodingError) -> RGBAImage {
        var image = cpng_image()
        let status = bytes.withUnsafeBufferPointer { buffer in
            cpng_decode(buffer.baseAddress, buffer.count, UInt32(limits.maxSide), limits.maxPixels, &image)
        }
        guard status == 0 else {
            let message = withUnsafeBytes(of: image.error) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            throw ImageDecodingError(source: source, reason: "bad PNG: " + message)
        }
        defer { cpng_free(&image) }
        let count = Int(image.width) * Int(image.height) * 4
        let pixels = Array(UnsafeBufferPointer(start: image.pixels, count: count))
        return RGBAImage(width: Int(image.width), height: Int(image.height), pixels: pixels)
    }
}
