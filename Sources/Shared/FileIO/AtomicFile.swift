#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be written, phrased by the caller for its user.
public enum FileWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path (or a parent) is not a folder.
    case notAFolder(path: String)
    /// Files cannot be created there (permission, read-only disk).
    case unwritable(path: String, reason: String)
    /// The disk (or quota) is full.
    case diskFull(path: String)
    /// Any other I/O failure.
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .notAFolder(let path): "\(path) is not a folder"
        case .unwritable(let path, let reason): "cannot write in \(path): \(reason)"
        case .diskFull(let path): "the disk is full (\(path))"
        case .failed(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}

/// The one way the project writes a file that must never be seen half written: the bytes go
/// to a hidden temporary file in the same folder (same file system), are flushed to disk
/// (`fsync`), and only then does the file appear under its name — by `rename(2)` over the old
/// one (`replace`) or by `link(2)`, which never replaces (`writeTemporary` + `publish`) — after
/// which the folder is flushed too, so the name survives a power cut.
public enum AtomicFile {
    /// Writes `bytes` to `path`, replacing what was there, with permissions `mode` (less the
    /// umask unless `exactMode`).
    public static func replace(_ path: String, with bytes: [UInt8], mode: mode_t = 0o644, exactMode: Bool = false) throws(FileWriteError) {
        let directory = folder(of: path)
        let temporary = try writeTemporary(bytes, in: directory, mode: mode, exactMode: exactMode)
        guard rename(temporary, path) == 0 else {
            let e = errno
            unlink(temporary)
            throw error(e, path: path)
        }
        syncDirectory(directory)
    }

    /// Writes `bytes` to a new temporary file in `directory` and flushes it; returns its path.
    public static func writeTemporary(_ bytes: [UInt8], in directory: String, mode: mode_t = 0o644,
                                      exactMode: Bool = false) throws(FileWriteError) -> String {
        var template = Array((directory + "/.tachikoma-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw error(errno, path: directory) }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: FileWriteError? = nil
        do { try writeAll(bytes, to: fd, path: directory) } catch { failure = error }
        // mkstemp creates 0600; set the wanted mode before the file has a name.
        if failure == nil, fchmod(fd, exactMode ? mode : mode & ~currentUmask()) != 0 { failure = error(errno, path: directory) }
        if failure == nil, fsync(fd) != 0 { failure = error(errno, path: directory) }
        if close(fd) != 0, failure == nil { failure = error(errno, path: directory) }
        if let failure {
            unlink(path)
            throw failure
        }
        return path
    }

    /// Gives the temporary file a name without replacing anything. Returns false when `final`
    /// already exists (the caller picks another name); on success the temporary is gone and
    /// the folder flushed.
    public static func publish(_ temporary: String, as final: String) throws(FileWriteError) -> Bool {
        if link(temporary, final) == 0 {
            unlink(temporary)
            syncDirectory(folder(of: final))
            return true
        }
        let e = errno
        if e == EEXIST { return false }
        // File systems without hard links (FAT, some FUSE): check, then rename.
        if e == EPERM || e == ENOTSUP || e == EOPNOTSUPP {
            var info = stat()
            if stat(final, &info) == 0 { return false }
            guard rename(temporary, final) == 0 else { throw error(errno, path: final) }
            syncDirectory(folder(of: final))
            return true
        }
        throw error(e, path: final)
    }

    /// Flushes a folder's entries (a new or renamed name) to disk; best effort, as some file
    /// systems refuse to open or sync a folder.
    public static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Writes every byte to `fd`, retrying short writes and EINTR.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(FileWriteError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw error(errno, path: path)
            }
            if n == 0 { throw .diskFull(path: path) }
            offset += n
        }
    }

    /// The error for an errno while writing in `path`.
    public static func error(_ code: Int32, path: String) -> FileWriteError {
        switch code {
        case ENOSPC, EDQUOT, EFBIG: .diskFull(path: path)
        case EACCES, EPERM, EROFS: .unwritable(path: path, reason: String(cString: strerror(code)))
        case ENOTDIR: .notAFolder(path: path)
        default: .failed(path: path, reason: String(cString: strerror(code)))
        }
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0)
        umask(mask)
        return mask
    }
}
