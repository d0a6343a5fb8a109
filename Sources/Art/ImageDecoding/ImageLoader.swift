import FileIO
import Frames
import ImageConversion

/// Reads an image file from disk and decodes it by its content (PNG or GIF signature),
/// whatever its name says.
public enum ImageLoader {
    /// Largest image file accepted, in bytes.
    public static let maxFileBytes = 64 << 20

    /// The decoded frames of the PNG or GIF at `path` (a PNG gives one 100 ms frame).
    public static func load(_ path: String, limits: DecodingLimits = .standard) throws(ImageDecodingError) -> ImageSequence {
        let bytes: [UInt8]
        switch FileBytes.read(path, limit: maxFileBytes) {
        case .success(let b): bytes = b
        case .failure(let failure): throw ImageDecodingError(source: path, reason: failure.text)
        }
        return try decode(bytes, source: path, limits: limits)
    }

    /// Decodes file contents `bytes` by their signature; `source` names them in errors.
    public static func decode(_ bytes: [UInt8], source: String, limits: DecodingLimits = .standard) throws(ImageDecodingError) -> ImageSequence {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            let image = try PNGDecoder.decode(bytes, source: source, limits: limits)
            return ImageSequence(frames: [.init(image: image, durationMs: 100)])
        }
        if bytes.starts(with: Array("GIF".utf8)) {
            return try GIFDecoder.decode(bytes, source: source, limits: limits)
        }
        if bytes.isEmpty { throw ImageDecodingError(source: source, reason: "empty file") }
        throw ImageDecodingError(source: source, reason: "not a PNG or GIF file (unknown signature)")
    }
}
