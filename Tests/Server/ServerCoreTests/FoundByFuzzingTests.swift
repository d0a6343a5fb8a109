import IRCProtocol
@testable import ServerCore
import Testing

/// Runs the stateful fuzzer shrank to a few steps, kept as named regression tests. Each
/// failed before its fix.
@Suite struct FoundByFuzzingTests {
    static func replay(_ steps: [CoreStep]) throws -> CoreHarness {
        let harness = try CoreHarness()
        for step in steps { harness.run(step) }
        harness.settle()
        return harness
    }

    static func line(_ slot: Int, _ text: String) -> CoreStep { .line(slot, Array(text.utf8)) }

    /// Seed 2059518117: a user who MONITORs its own nick was sent RPL_MONOFFLINE about itself
    /// on the connection that had just gone (after its ERROR, when it QUIT).
    @Test func aUserMonitoringItselfHearsNothingAfterItLeaves() throws {
        let hungUp = try Self.replay([.connect(0), Self.line(0, "NICK bob"), Self.line(0, "USER u 0 * :R"),
                                      Self.line(0, "MONITOR + bob"), .hangUp(0)])
        #expect(hungUp.violations().isEmpty, "\(hungUp.violations())")

        let quit = try Self.replay([.connect(0), Self.line(0, "NICK bob"), Self.line(0, "USER u 0 * :R"),
                                    Self.line(0, "MONITOR + bob"), Self.line(0, "QUIT :bye")])
        let lines = quit.received.values.first ?? []
        #expect(lines.last?.command == "ERROR", "ERROR is the last line a quitting client gets: \(lines.suffix(2).map(\.command))")
        #expect(quit.violations().isEmpty, "\(quit.violations())")
    }
}
