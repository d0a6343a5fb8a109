import Foundation

/// Where the built executables are: beside the test bundle that is running, or in
/// `TACHIKOMA_BIN_DIR` when set.
public enum Products {
    /// The directory holding the built products of this configuration.
    public static var binDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["TACHIKOMA_BIN_DIR"] { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // .build/<triple>/debug/TachikomaPackageTests.xctest (a file on Linux, a bundle on macOS)
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("tachikoma").path) {
                return url.path
            }
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug"
    }

    /// The path of a built executable, e.g. `Products.path("tachikoma")`.
    public static func path(_ name: String) -> String { binDirectory + "/" + name }
}
