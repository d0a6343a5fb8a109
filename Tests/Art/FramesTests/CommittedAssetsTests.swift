import FileIO
import FrameFiles
import Frames
import Testing

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)
    return parts.joined(separator: "/")
}()

@Test(arguments: ["idle", "walk", "sleep", "happy", "talk", "surprised"])
func committedFrameFilesLoadInEveryMode(name: String) throws {
    let animation = try Animation.load(contentsOf: repositoryRoot + "/Assets/frames/\(name).frames")
    #expect(animation.name == name)
    #expect(animation.modes == RenderMode.allCases)
    #expect((24...40).contains(animation.width))
    #expect((10...18).contains(animation.height))
    for mode in RenderMode.allCases {
        let frames = animation.frames(for: mode)
        #expect(frames.count >= 2)
        #expect(frames.allSatisfy { !$0.isEmpty })
    }
    // The file on disk is exactly what the writer produces: regenerating gives no diff.
    let onDisk = String(validating: FileBytesOrEmpty(repositoryRoot + "/Assets/frames/\(name).frames"), as: UTF8.self)
    #expect(Animation(name: animation.name, width: animation.width, height: animation.height,
                      anchor: animation.anchor, frames: animation.frames).frameFileText == onDisk)
}

private func FileBytesOrEmpty(_ path: String) -> [UInt8] {
    (try? FileBytes.read(path, limit: 1 << 26).get()) ?? []
}
