import FrameFiles
import Frames
import Testing

/// Parses `text` expecting an error; returns it.
func parseError(_ text: String) -> FrameFileError? {
    do {
        _ = try Animation(parsing: text, source: "bad.frames")
        return nil
    } catch {
        return error
    }
}

let validHeader = """
tachikoma-frames 1
name t
size 2 1
anchor 0 0
palette 1
A #102030
. default
end
mode truecolor
frame 100ms

"""

@Test func aMinimalFileParses() throws {
    let animation = try Animation(parsing: validHeader + "|▀ |\n:A.  :\n")
    #expect(animation.width == 2)
    #expect(animation.frames[.truecolor]?.first?[0, 0]?.grapheme == "▀")
    #expect(animation.frames[.truecolor]?.first?[1, 0] == nil)
}

/// A broken file and where its error must point.
struct BadFile: Sendable, CustomStringConvertible {
    var text: String
    var line: Int
    var column: Int
    var reason: String
    var description: String { reason }
}

/// `validHeader` with `old` replaced by `new`.
func header(replacing old: String, with new: String) -> String {
    var lines = validHeader.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for i in lines.indices where lines[i] == old { lines[i] = new }
    return lines.joined(separator: "\n")
}

let badFiles: [BadFile] = [
    BadFile(text: "tachikoma-frames 2\n", line: 1, column: 18, reason: "unsupported format version"),
    BadFile(text: "hello\n", line: 1, column: 1, reason: "expected `tachikoma-frames`"),
    BadFile(text: "tachikoma-frames 1\nname t\nsize 0 1\n", line: 3, column: 6, reason: "width"),
    BadFile(text: "tachikoma-frames 1\nname t\nsize 2 x\n", line: 3, column: 8, reason: "height"),
    BadFile(text: "tachikoma-frames 1\nname t\nsize 2 1\nanchor 5 0\n", line: 4, column: 8, reason: "anchor x"),
    BadFile(text: "tachikoma-frames 1\nname t\nsize 2 1\nanchor 0 0\npalette 1\nA #12345g\nend\n", line: 6, column: 3, reason: "bad colour"),
    BadFile(text: "tachikoma-frames 1\nname t\nsize 2 1\nanchor 0 0\npalette 1\nA @256\nend\n", line: 6, column: 3, reason: "bad colour"),
    BadFile(text: "tachikoma-frames 1\nname t\nsize 2 1\nanchor 0 0\npalette 1\nA @1\nA @2\nend\n", line: 7, column: 1, reason: "defined twice"),
    BadFile(text: header(replacing: "frame 100ms", with: "frame 0ms") + "|  |\n:    :\n", line: 10, column: 7, reason: "duration"),
    BadFile(text: validHeader + "|▀|\n:A.  :\n", line: 11, column: 1, reason: "glyph row"),
    BadFile(text: validHeader + "|▀ |\n:A.:\n", line: 12, column: 1, reason: "colour row"),
    BadFile(text: validHeader + "|▀ |\n:AZ  :\n", line: 12, column: 3, reason: "unknown palette key `Z`"),
    BadFile(text: validHeader + "|▀x|\n:A.  :\n", line: 12, column: 4, reason: "transparent cell"),
    BadFile(text: validHeader + "|▀ |", line: 12, column: 1, reason: "file ends inside a frame"),
    BadFile(text: header(replacing: "mode truecolor", with: "mode ascii") + "|▀ |\n:A.  :\n", line: 11, column: 2, reason: "printable ASCII"),
    BadFile(text: header(replacing: "mode truecolor", with: "mode sepia") + "|▀ |\n:A.  :\n", line: 9, column: 6, reason: "unknown mode"),
    BadFile(text: validHeader + "|\u{7}a|\n:A.A.:\n", line: 11, column: 2, reason: "control character"),
]

@Test(arguments: badFiles)
func errorsNameLineAndColumn(bad: BadFile) {
    let error = parseError(bad.text)
    #expect(error?.line == bad.line)
    #expect(error?.column == bad.column)
    #expect(error?.reason.contains(bad.reason) == true, "\(String(describing: error))")
    #expect(error?.description.hasPrefix("bad.frames:\(bad.line):\(bad.column): ") == true)
}

@Test func loadingAMissingFileNamesIt() {
    do {
        _ = try Animation.load(contentsOf: "/nonexistent/idle.frames")
        Issue.record("expected an error")
    } catch {
        #expect(error.description.hasPrefix("/nonexistent/idle.frames: cannot open"))
    }
}
