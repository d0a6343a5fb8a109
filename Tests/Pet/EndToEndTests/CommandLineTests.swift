import Foundation
import TerminalHarness
import Testing

/// The executables as a shell user runs them: help, version, bad flags, bad config.
@Suite struct CommandLineTests {
    func run(_ name: String, _ args: [String]) throws -> Spawn.Result {
        try Spawn.run([Products.path(name)] + args)
    }

    @Test(arguments: ["tachikoma", "tachikoma-server"])
    func helpAndVersion(name: String) throws {
        let help = try run(name, ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE"))
        let version = try run(name, ["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression) != nil)
    }

    @Test func badFlagsAreRefusedClearly() throws {
        let r = try run("tachikoma", ["--mode", "rainbow"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--mode"))
        let fps = try run("tachikoma", ["--fps", "0"])
        #expect(fps.status != 0)
        #expect(fps.stderr.contains("--fps"))
    }

    @Test func badConfigNamesTheLine() throws {
        let dir = NSTemporaryDirectory() + "tk-cfg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/config.toml"
        try "fps = 10\nsleep_after = \"soon\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try run("tachikoma", ["--config", path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(path):2"))
        #expect(r.stderr.contains("sleep_after"))
        try "fps = = 3\n".write(toFile: path, atomically: true, encoding: .utf8)
        let syntax = try run("tachikoma", ["--config", path])
        #expect(syntax.status != 0)
        #expect(syntax.stderr.contains("\(path):1"))
        try "colour = \"blue\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let unknown = try run("tachikoma", ["--config", path])
        #expect(unknown.stderr.contains("unknown setting"))
    }

    @Test func refusesToRunWithoutATerminal() throws {
        let r = try run("tachikoma", ["--config", "/nonexistent/config.toml"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("terminal"))
    }
}
