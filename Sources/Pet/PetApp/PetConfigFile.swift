import Foundation
import PetCore
import ScreenCore
import TOMLKit
import TOMLPrecheck
import UserDirectories

/// The pet's config file, `$XDG_CONFIG_HOME/tachikoma/config.toml`:
///
///     fps = 12            # frames per second at most (1–60)
///     sleep_after = 300   # seconds without input before the pet sleeps
///     skin = "tachikoma"  # a skin from Assets/ or the data dir's skins/
///     mode = "256"        # truecolor, 256, 16 or ascii; detected when absent
///     quiet = false       # start in quiet mode
///     visits = true       # friends' pets may visit (false: never)
///     hue = 0             # turn the skin's colours by this many degrees (0–359); visits show it
///     screenshot_dir = "~/Pictures/tachikoma"   # where screenshots go
///     quiz_after_idle = "10m"  # idle time before a word-book quiz: "90s", "10m", "1h",
///                              # seconds as a number; 0 or "off": no quizzes
///
/// Tables of other parts (`[translate]`, `[chat]`) are read by those parts.
/// Unknown keys and wrong types are errors that name the line, so a typo never silently
/// does nothing.
public enum PetConfigFile {
    /// A config problem, with the file and line.
    public struct ConfigError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The default config path.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        AssetLocator.configDirectory(environment: environment) + "/config.toml"
    }

    /// Applies the file at `path` to `config`. A missing file is not an error.
    public static func apply(path: String, to config: inout PetConfig) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(description: "\(path): cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(description: "\(path): not UTF-8 text")
        }
        try apply(text: text, path: path, to: &config)
    }

    /// Applies config text (`path` names it in errors).
    public static func apply(text: String, path: String, to config: inout PetConfig) throws {
        if let problem = TOMLPrecheck.problem(in: text) {
            throw ConfigError(description: "\(path):\(problem.line):\(problem.column): \(problem.reason)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError(description: "\(path):\(e.source.begin.line):\(e.source.begin.column): \(e.description)")
        }
        func fail(_ key: String, _ message: String) -> ConfigError {
            ConfigError(description: "\(path):\(line(of: key, in: text)): \(key): \(message)")
        }
        for key in table.keys {
            let value = table[key]
            switch key {
            case "fps":
                guard let v = value?.double ?? value?.int.map(Double.init), (1...60).contains(v) else {
                    throw fail(key, "must be a number from 1 to 60")
                }
                config.behaviour.fps = v
            case "sleep_after":
                guard let v = value?.double ?? value?.int.map(Double.init), v >= 5 else {
                    throw fail(key, "must be a number of seconds, at least 5")
                }
                config.behaviour.sleepAfter = v
            case "skin":
                guard let v = value?.string, !v.isEmpty else { throw fail(key, "must be a skin name in quotes") }
                config.skin = v
            case "mode":
                guard let v = value?.string, let depth = parseMode(v) else {
                    throw fail(key, "must be one of \"truecolor\", \"256\", \"16\", \"ascii\"")
                }
                config.mode = depth
            case "quiet":
                guard let v = value?.bool else { throw fail(key, "must be true or false") }
                config.quiet = v
            case "hue":
                guard let v = value?.int, (0...359).contains(v) else { throw fail(key, "must be a whole number of degrees from 0 to 359") }
                config.hue = v
            case "visits":
                guard let v = value?.bool else { throw fail(key, "must be true or false") }
                config.visits = v
            case "screenshot_dir":
                guard let v = value?.string, !v.isEmpty else { throw fail(key, "must be a folder path in quotes") }
                // `~` from the home, a relative folder from this file's folder.
                let folder = (path as NSString).deletingLastPathComponent
                config.screenshotDirectory = UserDirectories(environment: ProcessInfo.processInfo.environment)
                    .resolve(v, relativeTo: folder.isEmpty ? "." : folder)
            case "quiz_after_idle":
                guard let v = value, let seconds = parseDuration(v) else {
                    throw fail(key, "must be seconds (a number), a duration such as \"90s\", \"10m\" or \"1h\", or \"off\"")
                }
                config.quizAfterIdle = seconds > 0 ? seconds : nil
            case "translate", "chat":
                guard value?.table != nil else { throw fail(key, "must be a table ([\(key)])") }
            default:
                throw fail(key, "unknown setting (known: fps, sleep_after, skin, mode, quiet, visits, hue, screenshot_dir, quiz_after_idle, [translate], [chat])")
            }
        }
    }

    /// A duration in seconds: a number, or a string of a number with `s`, `m` or `h`
    /// (`"90s"`, `"10m"`, `"1.5h"`), or `"off"` (0); nil for anything else or a negative.
    static func parseDuration(_ value: any TOMLValueConvertible) -> Double? {
        if let n = value.double ?? value.int.map(Double.init) { return n >= 0 && n.isFinite ? n : nil }
        guard let text = value.string?.trimmingCharacters(in: .whitespaces).lowercased() else { return nil }
        if text == "off" || text == "0" { return 0 }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        guard let unit = text.last, let scale = units[unit], let n = Double(text.dropLast()), n >= 0, n.isFinite else {
            return Double(text).flatMap { $0 >= 0 && $0.isFinite ? $0 : nil }
        }
        return n * scale
    }

    /// `truecolor`, `256`, `16`, `ascii` (or `mono`) as a colour depth.
    public static func parseMode(_ s: String) -> ColorDepth? {
        switch s.lowercased() {
        case "truecolor", "24bit", "direct": .truecolor
        case "256": .ansi256
        case "16": .ansi16
        case "ascii", "mono", "none": ColorDepth.none
        default: nil
        }
    }

    /// The 1-based line where `key` is set, for messages; 1 when it cannot be found.
    static func line(of key: String, in text: String) -> Int {
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let l = raw.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix(key), l.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") { return i + 1 }
        }
        return 1
    }
}
