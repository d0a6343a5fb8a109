import FileIO
/// Why a screenshot was not saved, worded for a toast. When one is thrown, nothing was
/// written: no partial file, no replaced file.
public enum ScreenshotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The folder cannot be created (a parent is a file, permission, read-only disk).
    case cannotCreateFolder(path: String, reason: String)
    /// The path exists and is not a folder.
    case notAFolder(path: String)
    /// The folder exists but files cannot be created in it.
    case unwritable(path: String, reason: String)
    /// The disk (or quota) is full.
    case diskFull(path: String)
    /// A picture could not be encoded (libpng's message).
    case encoding(format: String, reason: String)
    /// Any other I/O failure.
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreateFolder(let p, let r): "Screenshot not saved: cannot create the folder \(p) (\(r))"
        case .notAFolder(let p): "Screenshot not saved: \(p) is not a folder"
        case .unwritable(let p, let r): "Screenshot not saved: cannot write in \(p) (\(r))"
        case .diskFull(let p): "Screenshot not saved: the disk holding \(p) is full"
        case .encoding(let f, let r): "Screenshot not saved: cannot encode the \(f) file (\(r))"
        case .failed(let p, let r): "Screenshot not saved: \(p): \(r)"
        }
    }
}

extension ScreenshotError {
    /// A failed file write, as a screenshot's error.
    init(_ error: FileWriteError) {
        switch error {
        case .notAFolder(let path): self = .notAFolder(path: path)
        case .unwritable(let path, let reason): self = .unwritable(path: path, reason: reason)
        case .diskFull(let path): self = .diskFull(path: path)
        case .failed(let path, let reason): self = .failed(path: path, reason: reason)
        }
    }
}
