/// What one decoder made of one input: accepted, or refused with a reason a person can read.
public enum FuzzOutcome: Hashable, Sendable {
    case accepted
    case rejected(String)
}

/// One decoder of outside bytes, as the fuzz harnesses (Fuzz/, built by scripts/fuzz.sh with
/// libFuzzer) and the corpus tests (Tests/Shared/FuzzCorpusTests) both drive it.
///
/// `run` takes any bytes and must return: a trap (overflow, bounds, force unwrap, a failed
/// round-trip `precondition`) is a finding. The name is the harness's directory in
/// Fuzz/Corpus and its executable in Fuzz/Package.swift (`fuzz-<name>`).
public struct FuzzHarness: Sendable {
    public let name: String
    public let run: @Sendable ([UInt8]) -> FuzzOutcome

    public init(name: String, run: @escaping @Sendable ([UInt8]) -> FuzzOutcome) {
        self.name = name
        self.run = run
    }

    /// Every harness, one per decoder of outside bytes (issue 17).
    public static let all: [FuzzHarness] = [
        irc, terminalInput, frames, gif, png, toml, prometheus, scram, dictionary, mdns, translatorResponse,
    ]

    /// The harness called `name`; nil for an unknown name.
    public static func named(_ name: String) -> FuzzHarness? {
        all.first { $0.name == name }
    }
}

extension String {
    /// The bytes as text, or nil when they are not UTF-8 (file readers refuse those too).
    init?(fuzzBytes bytes: [UInt8]) {
        self.init(validating: bytes, as: UTF8.self)
    }
}
