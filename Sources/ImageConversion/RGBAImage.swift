/// A picture as straight (not premultiplied) 8-bit sRGB RGBA pixels, row-major.
/// The common currency between the decoders and the converter.
public struct RGBAImage: Hashable, Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height * 4` bytes: R, G, B, A for each pixel, rows top to bottom.
    public var pixels: [UInt8]

    /// An image of the given size, every pixel transparent black unless `pixels` is given.
    public init(width: Int, height: Int, pixels: [UInt8]? = nil) {
        precondition(width >= 0 && height >= 0, "negative image size")
        self.width = width
        self.height = height
        if let pixels {
            precondition(pixels.count == width * height * 4, "pixel count does not match the size")
            self.pixels = pixels
        } else {
            self.pixels = [UInt8](repeating: 0, count: width * height * 4)
        }
    }

    /// The RGBA value at (`x`, `y`).
    public func pixel(_ x: Int, _ y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        let i = (y * width + x) * 4
        return (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
    }
}

/// A decoded still or animation: full-canvas frames, already composited, with timing.
public struct ImageSequence: Sendable {
    /// One composited picture and how long it shows.
    public struct Frame: Sendable {
        /// The whole canvas as it looks during this frame.
        public var image: RGBAImage
        /// Display time in milliseconds (GIF delays of 0 or 10 ms already became 100 ms).
        public var durationMs: Int

        /// A frame showing `image` for `durationMs`.
        public init(image: RGBAImage, durationMs: Int) {
            self.image = image
            self.durationMs = durationMs
        }
    }

    /// The frames in play order; a still image has one.
    public var frames: [Frame]

    /// A sequence of `frames`.
    public init(frames: [Frame]) { self.frames = frames }
}
