import FileIO
import Screenshot

/// Debian's GNU Unifont bitmap font (package `unifont`), read once per process.
public enum UnifontFile {
    /// Where Debian installs it.
    public static let path = "/usr/share/unifont/unifont.hex"

    /// The font, or nil when the package is not installed (glyphs are then drawn as boxes).
    public static let standard: UnifontHex? = load(path)

    /// Reads and indexes a `.hex` file; nil when it cannot be read.
    public static func load(_ path: String) -> UnifontHex? {
        guard let bytes = try? FileBytes.read(path, limit: 64 << 20).get(), !bytes.isEmpty else { return nil }
        return UnifontHex(bytes)
    }
}
