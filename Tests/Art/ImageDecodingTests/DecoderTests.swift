import FileIO
import Frames
import ImageConversion
import ImageDecoding
import Testing

/// The fixtures folder (made by Fixtures/make_fixtures.py).
let fixtures: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast()
    return parts.joined(separator: "/") + "/Fixtures/"
}()

func bytes(_ name: String) throws -> [UInt8] {
    try FileBytes.read(fixtures + name, limit: 1 << 24).get()
}

/// The decoding error for fixture `name`, or nil if it decoded.
func decodingError(_ name: String, limits: DecodingLimits = .standard) -> ImageDecodingError? {
    do {
        _ = try ImageLoader.load(fixtures + name, limits: limits)
        return nil
    } catch {
        return error
    }
}

@Test(arguments: [
    "rgba8", "rgba16", "rgb8", "rgb16", "rgb8-trns", "grey1", "grey2", "grey4", "grey8", "grey16",
    "grey8-trns", "greyalpha8", "greyalpha16", "palette1", "palette2", "palette4", "palette8",
    "rgba8-interlaced", "palette2-interlaced",
])
func pngDecodesEveryColourTypeAndDepth(name: String) throws {
    let sequence = try ImageLoader.load(fixtures + name + ".png")
    #expect(sequence.frames.count == 1)
    let image = sequence.frames[0].image
    #expect(image.width == 7 && image.height == 5)
    #expect(image.pixels == (try bytes(name + ".expected")))
}

@Test func gifHonoursDisposalTransparencyAndDelays() throws {
    let sequence = try ImageLoader.load(fixtures + "disposal.gif")
    #expect(sequence.frames.count == 4)
    // delays 0 and 1 centiseconds play at 100 ms like browsers; 5 → 50 ms, 20 → 200 ms
    #expect(sequence.frames.map(\.durationMs) == [100, 100, 50, 200])
    let expected = try bytes("disposal.expected")
    let frameBytes = 7 * 5 * 4
    for (i, frame) in sequence.frames.enumerated() {
        #expect(frame.image.pixels == Array(expected[i * frameBytes..<(i + 1) * frameBytes]), "frame \(i + 1)")
    }
}

@Test func gifLocalTableAndInterlace() throws {
    let sequence = try ImageLoader.load(fixtures + "interlaced-local.gif")
    #expect(sequence.frames[0].image.pixels == (try bytes("interlaced-local.expected")))
}

@Test func gifLongStreamGrowsCodesAndResetsTheTable() throws {
    let sequence = try ImageLoader.load(fixtures + "big.gif")
    #expect(sequence.frames[0].image.width == 300)
    #expect(sequence.frames[0].image.pixels == (try bytes("big.expected")))
}

@Test func theCommittedArtDecodes() throws {
    let art = repositoryRoot() + "/Assets/"
    let idle = try ImageLoader.load(art + "gif/idle.gif")
    #expect(idle.frames.count >= 4)
    #expect(idle.frames.allSatisfy { $0.durationMs >= 20 })
    let still = try ImageLoader.load(art + "png/tachikoma.png")
    #expect(still.frames[0].image.pixels.contains(0))  // transparent background
}

func repositoryRoot() -> String {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)
    return parts.joined(separator: "/")
}

@Test(arguments: [
    ("bad-truncated.png", "truncated"),
    ("bad-crc.png", "CRC"),
    ("bad-huge.png", "bad PNG"),
    ("bad-bomb.png", "more pixels than the limit"),
    ("bad-zlib.png", "bad PNG"),
    ("bad-depth.png", "bad PNG"),
    ("bad-truncated.gif", "truncated GIF"),
    ("bad-huge.gif", "larger than the limit"),
    ("bad-framerect.gif", "frame 1 is 65535x65535, larger than the limit"),
    ("bad-lzw.gif", "out of range (the table holds"),
    ("bad-notable.gif", "no colour table"),
    ("bad-signature.gif", "unknown GIF version"),
    ("bad-block.gif", "unknown block type 0x99"),
    ("make_fixtures.py", "not a PNG or GIF"),
    ("no-such-file.png", "cannot open"),
])
func hostileFilesGiveClearErrorsNamingTheFile(name: String, reason: String) {
    let error = decodingError(name)
    #expect(error != nil)
    #expect(error?.source == fixtures + name)
    #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    #expect(error?.description.hasPrefix(fixtures + name + ": ") == true)
}

@Test func frameCountIsCapped() {
    let error = decodingError("many-frames.gif", limits: DecodingLimits(maxFrames: 5))
    #expect(error?.reason.contains("more than 5 frames") == true)
    #expect(decodingError("many-frames.gif") == nil)
}

@Test func sizeCapsApplyToPNGToo() {
    let error = decodingError("rgba8.png", limits: DecodingLimits(maxSide: 4))
    #expect(error?.reason.contains("bad PNG") == true)
}

@Test func everyPrefixOfAGoodFileFailsCleanly() throws {
    // Truncation at every length: an error (or, for GIF, never a crash), never a trap.
    for name in ["rgba8-interlaced.png", "disposal.gif"] {
        let whole = try bytes(name)
        for length in 0..<whole.count {
            do {
                _ = try ImageLoader.decode(Array(whole[0..<length]), source: name)
                Issue.record("\(name) cut at \(length) bytes decoded")
            } catch {
                #expect(error.source == name)
            }
        }
    }
}

@Test func flippedBytesNeverCrash() throws {
    // Every byte of a GIF and a PNG inverted in turn: decoding either works or throws.
    for name in ["disposal.gif", "palette2-interlaced.png"] {
        let whole = try bytes(name)
        var survived = 0
        for i in 0..<whole.count {
            var broken = whole
            broken[i] ^= 0xFF
            if (try? ImageLoader.decode(broken, source: name)) != nil { survived += 1 }
        }
        #expect(survived < whole.count)
    }
}
