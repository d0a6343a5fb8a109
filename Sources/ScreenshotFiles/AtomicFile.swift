#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a failure loses nothing: the bytes go to a hidden temporary file in
/// the target folder (same file system), are flushed to disk, and only then does the file
/// appear under its name, by `link(2)`, which never replaces an existing file.
enum AtomicFile {
    /// Writes `bytes` to a new temporary file in `directory`; returns its path.
    static func writeTemporary(_ bytes: [UInt8], in directory: String) throws(ScreenshotError) -> String {
        var template = Array((directory + "/.tachikoma-screenshot-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw mapError(errno, path: directory) }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: ScreenshotError? = nil
        do { try writeAll(bytes, to: fd, path: directory) } catch { failure = error }
        if failure == nil, fsync(fd) != 0 { failure = mapError(errno, path: directory) }
        if close(fd) != 0, failure == nil { failure = mapError(errno, path: directory) }
        if let failure {
            unlink(path)
            throw failure
        }
        fchmodPath(path)
        return path
    }

    /// Gives the temporary file a name. Returns false when `final` already exists (the
    /// caller picks another name); the temporary file is removed either way on success.
    static func publish(_ temporary: String, as final: String) throws(ScreenshotError) -> Bool {
        if link(temporary, final) == 0 {
            unlink(temporary)
            return true
        }
        let e = errno
        if e == EEXIST { return false }
        // File systems without hard links (FAT, some FUSE): check, then rename.
        if e == EPERM || e == ENOTSUP || e == EOPNOTSUPP {
            var info = stat()
            if stat(final, &info) == 0 { return false }
            guard rename(temporary, final) == 0 else { throw mapError(errno, path: final) }
            return true
        }
        throw mapError(e, path: final)
    }

    /// Writes every byte to `fd`, retrying short writes and EINTR.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(ScreenshotError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw mapError(errno, path: path)
            }
            if n == 0 { throw .diskFull(path: path) }
            offset += n
        }
    }

    /// The error for an errno while writing in `path`.
    static func mapError(_ code: Int32, path: String) -> ScreenshotError {
        switch code {
        case ENOSPC, EDQUOT, EFBIG: .diskFull(path: path)
        case EACCES, EPERM, EROFS: .unwritable(path: path, reason: String(cString: strerror(code)))
        case ENOTDIR: .notAFolder(path: path)
        default: .failed(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// mkstemp creates 0600; a screenshot is an ordinary file (0644 less the umask).
    private static func fchmodPath(_ path: String) {
        let mask = umask(0)
        umask(mask)
        chmod(path, 0o644 & ~mask)
    }
}
