import FileIO
import Foundation
import Testing

/// The one bounded reader: whole files up to a limit, never a folder, a stream only when asked.
@Suite struct FileBytesTests {
    @Test func aFileIsReadWholeUpToItsLimit() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bytes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let data = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }
        try Data(data).write(to: URL(fileURLWithPath: path))
        #expect(try FileBytes.read(path, limit: 200_000).get() == data)
        guard case .failure(let failure) = FileBytes.read(path, limit: 199_999) else {
            Issue.record("a file over the limit was read")
            return
        }
        #expect(failure.text.contains("too large"))
    }

    @Test func foldersNeverAndStreamsOnlyWhenAsked() {
        guard case .failure(let folder) = FileBytes.read(NSTemporaryDirectory(), limit: 1 << 20, pipesToo: true) else {
            Issue.record("a folder was read")
            return
        }
        #expect(folder.text == "Is a directory")
        guard case .failure(let device) = FileBytes.read("/dev/null", limit: 1 << 20) else {
            Issue.record("a device was read without pipesToo")
            return
        }
        #expect(device.text == "not a regular file")
        #expect((try? FileBytes.read("/dev/null", limit: 1 << 20, pipesToo: true).get()) == [])
        guard case .failure(let missing) = FileBytes.read("/nonexistent/x", limit: 1) else {
            Issue.record("a missing file was read")
            return
        }
        #expect(missing.text.contains("No such file"))
    }
}
