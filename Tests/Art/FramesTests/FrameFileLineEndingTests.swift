import Frames
import Testing

/// FORMAT.md: "Lines end with `\n` (a trailing `\r` is ignored)". Found by the fuzz seeds
/// (issue 17): Swift reads "\r\n" as one Character, so splitting the text on "\n" never split
/// a CR LF file and its first line was the whole file.
@Test func crlfLineEndingsLoadLikeLF() throws {
    let text = sampleAnimation().frameFileText
    let crlf = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
    let parsed = try Animation(parsing: crlf, source: "crlf.frames")
    #expect(parsed == sampleAnimation())
}

/// CR LF and LF endings mixed in one file.
@Test func mixedLineEndingsLoad() throws {
    var lines = sampleAnimation().frameFileText.split(separator: "\n", omittingEmptySubsequences: false)
    for i in lines.indices where i % 2 == 0 && !lines[i].isEmpty { lines[i] += "\r" }
    let parsed = try Animation(parsing: lines.joined(separator: "\n"), source: "mixed.frames")
    #expect(parsed == sampleAnimation())
}
