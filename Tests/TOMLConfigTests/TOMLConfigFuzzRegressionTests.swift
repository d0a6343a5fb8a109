import ChatSettingsTOML
import PetApp
import ServerConfigTOML
import Testing
import TOMLPrecheck
import TranslatorHTTP

/// Found by the `toml` fuzz harness (issue 17, Fuzz/Regressions/toml/crash-control-in-table-header):
/// `[` followed by U+0004 made toml++ fail a C `assert` in `parse_key` and abort the program
/// that read the config. Each reader now refuses control characters before TOMLKit sees them.
@Suite struct TOMLConfigFuzzRegressionTests {
    static let crashInput = "[\u{04}er"

    @Test func petConfigWithControlCharacterIsRefusedNotAborted() {
        var options = PetOptions()
        #expect {
            try PetConfig.apply(text: Self.crashInput, path: "pet.toml", to: &options)
        } throws: { error in
            "\(error)".contains("pet.toml:1:2: control character U+0004")
        }
    }

    @Test func serverConfigWithControlCharacterIsRefusedNotAborted() {
        #expect {
            _ = try ServerSettings(toml: Self.crashInput)
        } throws: { error in
            "\(error)".contains("line 1, column 2: control character U+0004")
        }
    }

    @Test func translateConfigWithControlCharacterIsRefusedNotAborted() {
        #expect {
            _ = try TranslateConfig.backend(fromTOML: "[translate]\nbackend = \"openai\"\n" + Self.crashInput)
        } throws: { error in
            "\(error)".contains("line 3, column 2: control character U+0004")
        }
    }

    @Test func chatSettingsWithControlCharacterGiveDefaultsAndAReason() {
        let (settings, problem) = ChatSettingsTOML.parse("nick = \"bob\"\n" + Self.crashInput, path: "chat.toml")
        #expect(settings.nick == "")
        #expect(problem?.contains("chat.toml is not valid TOML (line 2, column 2: control character U+0004") == true)
    }
}

@Suite struct TOMLPrecheckTests {
    @Test func ordinaryTextPasses() {
        #expect(TOMLPrecheck.problem(in: "a = \"tab\there\"\r\nb = 1\n# 中文 comment\n") == nil)
    }

    @Test(arguments: [("a = 1\u{0}", 1, 6, "U+0000"), ("x = 1\ny = \u{7F}", 2, 5, "U+007F"),
                      ("a = 1\rb = 2", 1, 6, "U+000D"), ("a = 1\r", 1, 6, "U+000D"), ("\u{1B}[1m", 1, 1, "U+001B")])
    func controlCharactersAreFound(text: String, line: Int, column: Int, character: String) {
        let problem = TOMLPrecheck.problem(in: text)
        #expect(problem?.line == line)
        #expect(problem?.column == column)
        #expect(problem?.character == character)
    }
}
