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
