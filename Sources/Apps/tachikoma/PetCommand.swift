import ArgumentParser
import Foundation
import PetApp
import PetCore

/// `tachikoma` with no subcommand: the full-screen pet.
struct PetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pet",
        abstract: "Run the pet full screen (the default).",
        discussion: """
            Right-click (or press m) for the menu; q quits; ? lists the keys.
            Settings are read from $XDG_CONFIG_HOME/tachikoma/config.toml; flags override them.
            The translator's dictionary is ECDICT (MIT, © Linwei), with CMUdict (BSD) phonetics
            and pypinyin (MIT) pinyin: `tachikoma translate --license` prints the licence.
            """
    )

    @Option(help: "Colour mode: truecolor, 256, 16 or ascii (detected when absent).")
    var mode: String?

    @Option(help: "Frames per second at most (1-60).")
    var fps: Double?

    @Option(name: .customLong("sleep-after"), help: "Seconds without input before the pet sleeps.")
    var sleepAfter: Double?

    @Option(help: "Skin to wear.")
    var skin: String?

    @Flag(help: "Start in quiet mode: no animation, reactions only.")
    var quiet = false

    @Option(help: "Config file to read instead of the default.")
    var config: String?

    @Option(help: .hidden)
    var seed: UInt64?

    /// Seconds between strolls, `MIN-MAX` (benchmarks use `0-0` to walk all the time).
    @Option(name: .customLong("rest"), help: .hidden)
    var rest: String?

    func run() throws {
        var pet = PetConfig()
        pet.configPath = config
        do {
            try PetConfigFile.apply(path: config ?? PetConfigFile.defaultPath(), to: &pet)
        } catch {
            throw ValidationError("config: \(error)")
        }
        if let mode {
            guard let depth = PetConfigFile.parseMode(mode) else { throw ValidationError("--mode must be truecolor, 256, 16 or ascii") }
            pet.mode = depth
        }
        if let fps {
            guard (1...60).contains(fps) else { throw ValidationError("--fps must be from 1 to 60") }
            pet.behaviour.fps = fps
        }
        if let sleepAfter {
            guard sleepAfter >= 1 else { throw ValidationError("--sleep-after must be at least 1 second") }
            pet.behaviour.sleepAfter = sleepAfter
        }
        if let skin { pet.skin = skin }
        if quiet { pet.quiet = true }
        if let seed { pet.seed = seed }
        if let rest {
            let parts = rest.split(separator: "-").compactMap { Double($0) }
            guard parts.count == 2, parts[0] >= 0, parts[0] <= parts[1] else { throw ValidationError("--rest takes MIN-MAX seconds") }
            pet.behaviour.restRange = parts[0]...parts[1]
        }

        let chosen = pet
        let result = UIThread.run {
            // The runner is made, used and dropped on the UI thread, which owns curses.
            let runner = PetSetup.makeRunner(config: chosen)
            try runner.run()
        }
        if case .failure(let error) = result {
            FileHandle.standardError.write(Data("tachikoma: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
