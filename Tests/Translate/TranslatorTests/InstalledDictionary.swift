import Foundation
import Translator
import TranslatorMmap
import TerminalHarness

/// The dictionary that `make test` installs (scripts/install-dictionary.sh), opened once.
enum InstalledDictionary {
    static let directory = DictionaryLocation.directory(environment: ProcessInfo.processInfo.environment)

    /// The translator over the installed index; fails the test with the install command
    /// when the set-up has not run.
    static func translator() throws -> Translator {
        try DictionaryLocation.openTranslator(directory: directory)
    }

    /// The package root, from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `tachikoma` executable `swift build --build-tests` produced next to the tests.
    static var executable: URL { URL(fileURLWithPath: Products.path("tachikoma")) }

    /// Runs `tachikoma ARGS` with `environment` added; returns exit status, stdout, stderr.
    /// The word book its lookups fill goes to a fresh data folder, never the user's.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let isolated = ["TACHIKOMA_DICT": directory,
                        "XDG_DATA_HOME": NSTemporaryDirectory() + "tk-tr-data-\(UUID().uuidString.prefix(8))"]
        process.environment = ProcessInfo.processInfo.environment.merging(isolated) { $1 }.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
