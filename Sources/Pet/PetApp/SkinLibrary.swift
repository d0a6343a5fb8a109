import Foundation
import FrameFiles
import Frames
import PetCore
import ScreenCore

/// Finds and loads skins: the bundled Tachikoma (`Assets/frames/`), skins shipped in
/// `Assets/skins/NAME/`, and the user's own in `$XDG_DATA_HOME/tachikoma/skins/NAME/`.
/// A skin is a folder of frame files named after the animations (`idle.frames` is the one
/// that must be there; missing ones fall back to idle).
public struct SkinLibrary: Sendable {
    public let assetsDirectory: String?
    public let userSkinsDirectory: String

    /// The name of the bundled pet.
    public static let bundled = "tachikoma"

    public init(assetsDirectory: String?, userSkinsDirectory: String) {
        self.assetsDirectory = assetsDirectory
        self.userSkinsDirectory = userSkinsDirectory
    }

    /// The library as found from the environment.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> SkinLibrary {
        SkinLibrary(assetsDirectory: AssetLocator.assetsDirectory(environment: environment),
                    userSkinsDirectory: AssetLocator.dataDirectory(environment: environment) + "/skins")
    }

    /// Every skin that can be chosen, the bundled one first, then the rest by name.
    public func names() -> [String] {
        var found: [String] = []
        if let dir = bundledDirectory, FileManager.default.fileExists(atPath: dir + "/idle.frames") { found.append(Self.bundled) }
        var others = Set<String>()
        for root in [assetsDirectory.map { $0 + "/skins" }, userSkinsDirectory].compactMap({ $0 }) {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            for name in entries where FileManager.default.fileExists(atPath: "\(root)/\(name)/idle.frames") {
                others.insert(name)
            }
        }
        found += others.subtracting([Self.bundled]).sorted()
        found.append("builtin")
        return found
    }

    /// Loads a skin for a terminal of `depth` colours.
    public func load(_ name: String, depth: ColorDepth) throws -> Skin {
        if name == "builtin" { return BuiltinSkin.make() }
        guard let dir = directory(of: name) else {
            throw SkinError(description: "no skin named '\(name)' (skins: \(names().joined(separator: ", ")))")
        }
        let mode = Self.renderMode(for: depth)
        var animations: [AnimationName: Sprite] = [:]
        for anim in AnimationName.allCases {
            let path = "\(dir)/\(anim.rawValue).frames"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let animation: Animation
            do {
                animation = try Animation.load(contentsOf: path)
            } catch {
                throw SkinError(description: error.description)
            }
            animations[anim] = Self.sprite(animation, mode: mode)
        }
        guard animations[.idle] != nil else { throw SkinError(description: "\(dir): has no idle.frames") }
        return Skin(name: name, animations: animations)
    }

    /// The frames a terminal of `depth` colours shows best.
    public static func renderMode(for depth: ColorDepth) -> RenderMode {
        switch depth {
        case .truecolor: .truecolor
        case .ansi256: .ansi256
        case .ansi16: .ansi16
        case .none: .ascii
        }
    }

    /// An animation as the pet plays it: frames of one mode, facing right and mirrored.
    static func sprite(_ animation: Animation, mode: RenderMode) -> Sprite {
        func convert(_ frames: [Frame]) -> [SpriteFrame] {
            frames.map { f in
                SpriteFrame(width: f.width, height: f.height, cells: f.cells.map { $0?.cell },
                            duration: Double(max(10, f.durationMs)) / 1000)
            }
        }
        return Sprite(frames: convert(animation.frames(for: mode)),
                      anchorX: animation.anchor.x, anchorY: animation.anchor.y,
                      mirrored: convert(animation.mirrored().frames(for: mode)))
    }

    private var bundledDirectory: String? { assetsDirectory.map { $0 + "/frames" } }

    private func directory(of name: String) -> String? {
        guard !name.contains("/"), !name.hasPrefix(".") else { return nil }
        if name == Self.bundled, let dir = bundledDirectory { return dir }
        for root in [userSkinsDirectory, assetsDirectory.map { $0 + "/skins" }].compactMap({ $0 }) {
            if FileManager.default.fileExists(atPath: "\(root)/\(name)/idle.frames") { return "\(root)/\(name)" }
        }
        return nil
    }
}

/// A skin that cannot be used, and why.
public struct SkinError: Error, CustomStringConvertible {
    public let description: String
}
