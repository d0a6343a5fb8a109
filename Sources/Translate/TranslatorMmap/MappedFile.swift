#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Translator

/// A file mapped read-only into memory: the kernel pages it in as lookups touch it, so
/// opening a 50 MB index costs one `mmap` call and no reading.
public final class MappedFile: ByteStore, @unchecked Sendable {
    // @unchecked Sendable: the mapping is PROT_READ and MAP_PRIVATE, created in init and
    // unmapped only in deinit when no reference is left; nothing ever writes through it.
    public let bytes: UnsafeRawBufferPointer
    private let mapping: UnsafeMutableRawPointer?
    private let length: Int

    /// Maps `path`; throws `.notInstalled` when it does not exist, `.unreadable` otherwise.
    public init(path: String) throws(DictionaryError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let err = errno
            if err == ENOENT || err == ENOTDIR { throw .notInstalled(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(err)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(path: path, reason: "not a regular file") }
        length = Int(info.st_size)
        if length == 0 {
            mapping = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let p = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        mapping = p
        bytes = UnsafeRawBufferPointer(start: p, count: length)
    }

    deinit {
        if let mapping { munmap(mapping, length) }
    }
}
