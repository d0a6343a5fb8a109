#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read, in words.
public struct FileReadFailure: Error, Sendable {
    /// The reason, e.g. "No such file or directory".
    public var text: String
}

/// Reads whole files with a size cap, so a hostile path (a huge file, a FIFO) cannot
/// exhaust memory: frame files, images, fonts, TLS keys and certificates.
public enum FileBytes {
    /// The bytes of the regular file at `path`, or why not (missing, not regular, larger than
    /// `limit`). `pipesToo` also takes a pipe or other stream (a key given as `<(command)`),
    /// still never a folder, and still no more than `limit` bytes.
    public static func read(_ path: String, limit: Int, pipesToo: Bool = false) -> Result<[UInt8], FileReadFailure> {
        guard let file = fopen(path, "rb") else {
            return .failure(FileReadFailure(text: "cannot open: " + String(cString: strerror(errno))))
        }
        defer { fclose(file) }
        var info = stat()
        guard fstat(fileno(file), &info) == 0 else {
            return .failure(FileReadFailure(text: "cannot stat: " + String(cString: strerror(errno))))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .failure(FileReadFailure(text: "Is a directory")) }
        guard pipesToo || (info.st_mode & S_IFMT) == S_IFREG else {
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
