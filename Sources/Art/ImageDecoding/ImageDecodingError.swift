/// Why an image file could not be decoded: the file and the reason, in words a user can act on.
public struct ImageDecodingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (path or name) that failed.
    public var source: String
    /// What is wrong with it.
    public var reason: String

    /// An error about `source`.
    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    /// `file: reason`.
    public var description: String { "\(source): \(reason)" }
}

/// Caps that keep hostile files (decompression bombs, endless animations) from using
/// unbounded memory or time. The defaults are far above any pet art.
public struct DecodingLimits: Sendable {
    /// Largest accepted width or height, in pixels.
    public var maxSide: Int
    /// Largest accepted pixel count of one frame (width x height).
    public var maxPixels: Int
    /// Most frames decoded from one animation.
    public var maxFrames: Int
    /// Largest total of decoded pixels over all frames.
    public var maxTotalPixels: Int

    /// Limits with the given caps.
    public init(maxSide: Int = 8192, maxPixels: Int = 16 << 20, maxFrames: Int = 1000, maxTotalPixels: Int = 128 << 20) {
        self.maxSide = maxSide
        self.maxPixels = maxPixels
        self.maxFrames = maxFrames
        self.maxTotalPixels = maxTotalPixels
    }

    /// The default caps.
    public static let standard = DecodingLimits()
}
