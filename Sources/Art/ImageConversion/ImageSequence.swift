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
