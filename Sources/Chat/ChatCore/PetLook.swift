/// How a pet looks to other pets: the name of one of the skins every Tachikoma knows and a
/// hue that recolours it. Published as the draft/metadata-2 key `tachikoma.pet` with the
/// value `1 <skin> <hue>` (format version, skin name, hue in degrees): a few bytes, and
/// never frames — a pet draws only skins it has.
public struct PetLook: Hashable, Sendable {
    /// The metadata key.
    public static let metadataKey = "tachikoma.pet"
    /// The client-only tag of a visit (`TAGMSG <nick>` with it): vendor-prefixed, so other
    /// clients pass it by.
    public static let visitTag = "+tachikoma.chat/visit"

    /// A skin name: lower-case letters, digits and `-`, 1–24 of them.
    public var skin: String
    /// 0–359.
    public var hue: Int

    /// A look; `nil` when the skin name or the hue is out of range.
    public init?(skin: String, hue: Int) {
        guard (1...24).contains(skin.utf8.count),
              skin.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }),
              (0...359).contains(hue) else { return nil }
        self.skin = skin
        self.hue = hue
    }

    /// Parses a published value; `nil` for anything but version 1 with a valid skin and hue
    /// (huge, garbled or newer-format values are ignored, never guessed at).
    public init?(metadata value: String) {
        guard value.utf8.count <= 64 else { return nil }
        let parts = value.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "1", let hue = Int(parts[2]), parts[2].allSatisfy(\.isASCII) else { return nil }
        self.init(skin: String(parts[1]), hue: hue)
    }

    /// The published value.
    public var metadataValue: String { "1 \(skin) \(hue)" }
}
