import Foundation
import UserDirectories

/// Finds the art: `TACHIKOMA_ASSETS`, then an `Assets/` folder beside or above the
/// executable (so a build under `.build/` finds the checkout's art), then the install
/// prefix's share folder. User skins live in the XDG data dir.
public enum AssetLocator {
    /// The bundled assets folder, if one can be found.
    public static func assetsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let fm = FileManager.default
        if let dir = environment["TACHIKOMA_ASSETS"], !dir.isEmpty { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = url.appendingPathComponent("Assets")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: candidate.path, isDirectory: &isDir), isDir.boolValue { return candidate.path }
            url.deleteLastPathComponent()
        }
        for dir in ["/usr/local/share/tachikoma/Assets", "/usr/share/tachikoma/Assets"] where fm.fileExists(atPath: dir) {
            return dir
        }
        return nil
    }

    /// `$XDG_DATA_HOME/tachikoma` (default `~/.local/share/tachikoma`).
    public static func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories(environment: environment).tachikomaData
    }

    /// `$XDG_CONFIG_HOME/tachikoma` (default `~/.config/tachikoma`).
    public static func configDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories(environment: environment).tachikomaConfig
    }
}
