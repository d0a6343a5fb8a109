extension Animation {
    /// Parses frame file `text`; `source` names it in errors.
    public init(parsing text: String, source: String = "<text>") throws(FrameFileError) {
        self = try FrameFileParser.parse(text, source: source)
    }

    /// The frame file text of this animation (deterministic, see `FrameFileWriter`).
    public var frameFileText: String { FrameFileWriter.text(of: self) }
}
