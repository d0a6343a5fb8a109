import ChatSettingsTOML
import Frames
import ImageConversion
import ImageDecoding
import PetApp
import ServerConfigTOML
import TerminalInput
import Translator
import TranslateConfigTOML

extension FuzzHarness {
    /// The terminal input decoder (keys, SGR and X10 mouse, bracketed paste). Bytes fed one at
    /// a time must give the same events as the same bytes fed at once.
    public static let terminalInput = FuzzHarness(name: "terminal-input") { bytes in
        var whole = InputDecoder()
        let events = whole.feed(bytes) + whole.flush()
        var split = InputDecoder()
        var byByte: [InputEvent] = []
        for b in bytes { byByte += split.feed(CollectionOfOne(b)) }
        byByte += split.flush()
        precondition(byByte == events, "feeding byte by byte gave other events")
        return events.isEmpty ? .rejected("no event") : .accepted
    }

    /// Frame files (Assets/FORMAT.md): a loaded animation must write out as text that loads
    /// back to the same animation.
    public static let frames = FuzzHarness(name: "frames") { bytes in
        guard let text = String(fuzzBytes: bytes) else { return .rejected("not UTF-8 text") }
        do throws(FrameFileError) {
            let animation = try Animation(parsing: text, source: "fuzz")
            precondition((try? Animation(parsing: animation.frameFileText)) == animation, "write → load changed the animation")
            return .accepted
        } catch {
            return .rejected(error.description)
        }
    }

    /// Caps for the image harnesses: small enough that one input decodes in milliseconds.
    static let imageLimits = DecodingLimits(maxSide: 1024, maxPixels: 1 << 20, maxFrames: 64, maxTotalPixels: 4 << 20)

    /// GIF, through our own LZW decoder.
    public static let gif = FuzzHarness(name: "gif") { bytes in
        do throws(ImageDecodingError) {
            let sequence = try GIFDecoder.decode(bytes, source: "fuzz.gif", limits: imageLimits)
            for frame in sequence.frames {
                precondition(frame.image.pixels.count == frame.image.width * frame.image.height * 4, "frame size and pixels disagree")
            }
            return .accepted
        } catch {
            return .rejected(error.description)
        }
    }

    /// PNG, through libpng (CPNG keeps its setjmp in C).
    public static let png = FuzzHarness(name: "png") { bytes in
        do throws(ImageDecodingError) {
            let image = try PNGDecoder.decode(bytes, source: "fuzz.png", limits: imageLimits)
            precondition(image.pixels.count == image.width * image.height * 4, "image size and pixels disagree")
            return .accepted
        } catch {
            return .rejected(error.description)
        }
    }

    /// The TOML configs: the pet's, the chat's, the server's and `[translate]`. Accepted when
    /// any of them takes the text.
    public static let toml = FuzzHarness(name: "toml") { bytes in
        guard let text = String(fuzzBytes: bytes) else { return .rejected("not UTF-8 text") }
        var reasons: [String] = []
        var options = PetConfig()
        do { try PetConfigFile.apply(text: text, path: "pet.toml", to: &options) } catch { reasons.append("\(error)") }
        do throws(ConfigError) { _ = try ServerSettings(toml: text) } catch { reasons.append(error.description) }
        do throws(OnlineError) { _ = try TranslateConfigFile.backend(fromTOML: text) } catch { reasons.append("\(error)") }
        let (_, chatProblem) = ChatSettingsTOML.parse(text, path: "chat.toml")
        if let chatProblem { reasons.append(chatProblem) }
        return reasons.count == 4 ? .rejected(reasons.joined(separator: "; ")) : .accepted
    }

    /// The translator's dictionary index (TKDICT01) given as a whole, possibly damaged, file:
    /// opening it and a few lookups must end in an answer or `DictionaryError`.
    public static let dictionary = FuzzHarness(name: "dictionary") { bytes in
        do throws(DictionaryError) {
            let index = try DictionaryIndex(store: MemoryBytes(bytes))
            let translator = Translator(index: index)
            _ = try translator.translate("hello world")
            _ = try translator.translate("The cats were running")
            _ = try translator.translate("中文")
            _ = try translator.lookup("test")
            _ = try index.headwords(startingWith: "a", limit: 5)
            return .accepted
        } catch {
            return .rejected(error.description)
        }
    }
}
