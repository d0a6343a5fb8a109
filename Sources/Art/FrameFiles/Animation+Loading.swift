import FileIO
import Frames

/// Frame files from disk: the bounded read here, the parsing in Frames (which never touches
/// the file system).
extension Animation {
    /// Largest frame file accepted, in bytes (a 1024x1024 cell file in every mode fits).
    public static let maxFileBytes = 256 << 20

    /// Reads and validates the frame file at `path`.
    /// Throws `FrameFileError` naming the file, line and column of the first problem.
    public static func load(contentsOf path: String) throws(FrameFileError) -> Animation {
        let bytes: [UInt8]
        switch FileBytes.read(path, limit: maxFileBytes) {
        case .success(let b): bytes = b
        case .failure(let reason): throw FrameFileError(source: path, line: 0, column: 0, reason: reason.text)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FrameFileError(source: path, line: 0, column: 0, reason: "not UTF-8 text")
        }
        return try FrameFileParser.parse(text, source: path)
    }

}
