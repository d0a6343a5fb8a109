import FileIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ScreenCore
import Screenshot

/// Saves what the pane shows: the screen buffer as `.txt`, `.ans`, `.svg` and `.png` files
/// named by date and time in the screenshot folder. All or nothing: every file is written
/// to a temporary file first, and only when all of them are on disk do they get their
/// names; no existing file is ever replaced.
public enum ScreenshotSaver {
    /// The default folder: the XDG pictures directory + `/tachikoma`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let bytes = try? FileBytes.read(PicturesDirectory.userDirsPath(environment: environment), limit: 1 << 16).get()
        let userDirs = bytes.map { String(decoding: $0, as: UTF8.self) }
        return PicturesDirectory.screenshots(environment: environment, userDirs: userDirs)
    }

    /// Writes `buffer` in each of `formats` into `directory` (created if missing; the
    /// default folder when nil), named from `date` in local time. Returns the paths, in
    /// the order of `formats`.
    public static func save(
        _ buffer: ScreenBuffer,
        formats: [ScreenshotFormat] = ScreenshotFormat.allCases,
        directory: String? = nil,
        date: Date = Date(),
        theme: ScreenshotTheme = .standard,
        font: UnifontHex? = UnifontFile.standard
    ) throws(ScreenshotError) -> [String] {
        let dir = directory ?? defaultDirectory()
        let formats = formats.reduce(into: [ScreenshotFormat]()) { if !$0.contains($1) { $0.append($1) } }
        var contents: [[UInt8]] = []
        for format in formats { contents.append(try render(buffer, as: format, theme: theme, font: font)) }
        try makeDirectory(dir)

        var temporaries: [String] = []
        defer { for t in temporaries { unlink(t) } }
        do throws(FileWriteError) {
            for bytes in contents { temporaries.append(try AtomicFile.writeTemporary(bytes, in: dir)) }
        } catch {
            throw ScreenshotError(error)
        }

        let moment = localMoment(date)
        for attempt in 1...1000 {
            let base = dir + "/" + ScreenshotName.base(moment, attempt: attempt)
            let finals = formats.map { base + "." + $0.fileExtension }
            if finals.contains(where: { access($0, F_OK) == 0 }) { continue }
            var published: [String] = []
            var clash = false
            for (temporary, final) in zip(temporaries, finals) {
                let named: Bool
                do throws(FileWriteError) { named = try AtomicFile.publish(temporary, as: final) } catch { throw ScreenshotError(error) }
                if named { published.append(final) } else { clash = true; break }
            }
            if !clash {
                temporaries = []
                return finals
            }
            // Another process took the name between the check and the link: undo ours.
            for p in published { unlink(p) }
        }
        throw .failed(path: dir, reason: "no free file name")
    }

    /// The most cells a PNG is drawn for (500×250 cells: 4000×4000 pixels, 64 MB of RGBA).
    public static let maxPNGCells = 125_000

    /// The bytes of one format.
    public static func render(_ buffer: ScreenBuffer, as format: ScreenshotFormat, theme: ScreenshotTheme = .standard,
                              font: UnifontHex? = UnifontFile.standard) throws(ScreenshotError) -> [UInt8] {
        switch format {
        case .txt: return Array((buffer.plainText() + "\n").utf8)
        case .ans: return Array((buffer.ansiText() + "\n").utf8)
        case .svg: return Array(SVGRenderer(theme: theme).render(buffer).utf8)
        case .png:
            guard buffer.width * buffer.height <= maxPNGCells else {
                throw .encoding(format: "PNG", reason: "\(buffer.width)×\(buffer.height) cells is more than a PNG screenshot takes")
            }
            return try PNGCodec.encode(RasterRenderer(font: font, theme: theme).render(buffer))
        }
    }

    /// `mkdir -p`, with errors that say which part failed.
    static func makeDirectory(_ path: String) throws(ScreenshotError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw .notAFolder(path: path) }
            return
        }
        let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !parent.isEmpty, parent != path { try makeDirectory(parent) }
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            let e = errno
            throw e == ENOTDIR ? .notAFolder(path: parent) : .cannotCreateFolder(path: path, reason: String(cString: strerror(e)))
        }
    }

    private static func localMoment(_ date: Date) -> ScreenshotName.Moment {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&t, &parts)
        return .init(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
                     hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec))
    }
}
