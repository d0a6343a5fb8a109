import Foundation
import ScreenCore
import Testing
@testable import Screenshot
@testable import ScreenshotFiles
@testable import FileIO

/// Saving to folders: names, no overwrites, all-or-nothing, clear errors.
@Suite struct SaverTests {
    let buffer = KnownBuffer.make()
    /// 2026-11-22 01:23:45 UTC.
    let date = Date(timeIntervalSince1970: 1_795_310_625)

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-shots-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func savesEveryFormatUnderOneDatedName() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("Pictures/tachikoma").path
        let paths = try ScreenshotSaver.save(buffer, directory: dir, date: date)
        #expect(paths.count == 4)
        #expect(paths.map { ($0 as NSString).pathExtension } == ["txt", "ans", "svg", "png"])
        let base = (paths[0] as NSString).deletingPathExtension
        #expect(paths.allSatisfy { ($0 as NSString).deletingPathExtension == base })
        #expect((base as NSString).lastPathComponent.hasPrefix("tachikoma-2026-11-"))
        #expect(try String(contentsOfFile: paths[0], encoding: .utf8) == "Hi漢!\n▀▌░▗\nur\n")
        let png = try PNGCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: paths[3]))))
        #expect(png.width == 48 && png.height == 48)
        // Only the four files: no temporary left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 4)
    }

    @Test func aSecondShotInTheSameSecondNeverReplacesTheFirst() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try ScreenshotSaver.save(buffer, formats: [.txt], directory: dir.path, date: date)
        var other = ScreenBuffer(width: 3, height: 1)
        other.text("two", x: 0, y: 0)
        let second = try ScreenshotSaver.save(other, formats: [.txt, .txt], directory: dir.path, date: date)
        #expect(second.count == 1)
        #expect(second[0] != first[0])
        #expect(second[0].hasSuffix("-2.txt"))
        #expect(try String(contentsOfFile: first[0], encoding: .utf8) == "Hi漢!\n▀▌░▗\nur\n")
        #expect(try String(contentsOfFile: second[0], encoding: .utf8) == "two\n")
    }

    @Test func aFileWhereTheFolderShouldBeIsAClearError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("Pictures")
        try Data("not a folder".utf8).write(to: file)
        #expect(throws: ScreenshotError.notAFolder(path: file.path)) {
            try ScreenshotSaver.save(buffer, directory: file.path, date: date)
        }
        #expect {
            try ScreenshotSaver.save(buffer, directory: file.path + "/tachikoma", date: date)
        } throws: { error in
            "\(error)".contains("not a folder")
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "not a folder")
    }

    @Test func anUnwritableFolderIsAClearErrorAndWritesNothing() throws {
        // Root ignores permission bits, so use file systems that refuse new files: /proc, /sys.
        #expect {
            try ScreenshotSaver.save(buffer, directory: "/proc/tachikoma-shots", date: date)
        } throws: { error in
            guard let e = error as? ScreenshotError else { return false }
            return "\(e)".hasPrefix("Screenshot not saved: cannot create the folder /proc/tachikoma-shots")
        }
        #expect {
            try ScreenshotSaver.save(buffer, directory: "/sys/kernel", date: date)
        } throws: { error in
            guard case .unwritable = error as? ScreenshotError else { return false }
            return true
        }
    }

    @Test func aFullDiskIsReportedAsFull() throws {
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(throws: FileWriteError.diskFull(path: "/dev/full")) {
            try AtomicFile.writeAll(Array(repeating: 0x41, count: 100_000), to: fd, path: "/dev/full")
        }
        #expect(ScreenshotError.diskFull(path: "/x").description == "Screenshot not saved: the disk holding /x is full")
    }

    @Test func publishingNeverReplacesAnExistingFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let existing = dir.appendingPathComponent("taken.txt")
        try Data("keep me".utf8).write(to: existing)
        let temp = try AtomicFile.writeTemporary(Array("new".utf8), in: dir.path)
        #expect(try AtomicFile.publish(temp, as: existing.path) == false)
        #expect(try String(contentsOf: existing, encoding: .utf8) == "keep me")
        unlink(temp)
    }

    @Test func thePicturesFolderFollowsXDG() {
        let home = ["HOME": "/home/ann"]
        #expect(PicturesDirectory.screenshots(environment: home, userDirs: nil) == "/home/ann/Pictures/tachikoma")
        #expect(PicturesDirectory.screenshots(environment: home.merging(["XDG_PICTURES_DIR": "/data/pics/"]) { $1 }, userDirs: nil)
                == "/data/pics/tachikoma")
        let dirs = "# comment\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_PICTURES_DIR=\"$HOME/Bilder\"\n"
        #expect(PicturesDirectory.screenshots(environment: home, userDirs: dirs) == "/home/ann/Bilder/tachikoma")
        #expect(PicturesDirectory.screenshots(environment: home, userDirs: "XDG_PICTURES_DIR=\"/srv/p\"") == "/srv/p/tachikoma")
        #expect(PicturesDirectory.screenshots(environment: home, userDirs: "XDG_PICTURES_DIR=\"$HOME/\"") == "/home/ann/Pictures/tachikoma")
        #expect(PicturesDirectory.screenshots(environment: home, userDirs: "XDG_PICTURES_DIR=\"relative\"") == "/home/ann/Pictures/tachikoma")
        #expect(PicturesDirectory.userDirsPath(environment: home) == "/home/ann/.config/user-dirs.dirs")
        #expect(PicturesDirectory.userDirsPath(environment: ["HOME": "/h", "XDG_CONFIG_HOME": "/c"]) == "/c/user-dirs.dirs")
    }

    @Test func namesCarryTheDateAndTime() {
        let m = ScreenshotName.Moment(year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5)
        #expect(ScreenshotName.base(m) == "tachikoma-2026-01-02_03-04-05")
        #expect(ScreenshotName.base(m, attempt: 3) == "tachikoma-2026-01-02_03-04-05-3")
    }
}
