#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Parses frame file `text`; `source` names it in errors.
    public init(parsing text: String, source: String = "<text>") throws(FrameFileError) {
        self = try FrameFileParser.parse(text, source: source)
    }

    /// The frame file text of this animation (deterministic, see `FrameFileWriter`).
    public var frameFileText: String { FrameFileWriter.text(of: self) }
}

/// Why a file could not be read, in words.
public struct FileReadFailure: Error, Sendable {
    /// The reason, e.g. "No such file or directory".
    public var text: String
}

/// Reads whole files with a size cap, so a hostile path (a huge file, a FIFO) cannot
/// exhaust memory. The one place of this module that touches the file system.
public enum FileBytes {
    /// The bytes of the regular file at `path`, or why not (missing, not regular, larger than `limit`).
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], FileReadFailure> {
        guard let file = fopen(path, "rb") else {
            return .failure(FileReadFailure(text: "cannot open: " + String(cString: strerror(errno))))
        }
        defer { fclose(file) }
        var info = stat()
        guard fstat(fileno(file), &info) == 0 else {
            return .failure(FileReadFailure(text: "cannot stat: " + String(cString: strerror(errno))))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(FileReadFailure(text: "not a regular file"))
        }
        guard info.st_size <= limit else {
            return .failure(FileReadFailure(text: "file too large (\(info.st_size) bytes, the limit is \(limit))"))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if bytes.count > limit { return .failure(FileReadFailure(text: "file too large (the limit is \(limit) bytes)")) }
            if n < buffer.count {
                if ferror(file) != 0 { return .failure(FileReadFailure(text: "read error: " + String(cString: strerror(errno)))) }
                break
            }
        }
        return .success(bytes)
    }
}
