import ChatSettingsTOML
import ChatUI
import PetApp
import ServerConfigTOML
import Testing
import TOMLPrecheck
import TranslateConfigTOML

/// Found by the `toml` fuzz harness (issue 17, Fuzz/Regressions/toml/crash-control-in-table-header):
/// `[` followed by U+0004 made toml++ fail a C `assert` in `parse_key` and abort the program
/// that read the config. Each reader now refuses control characters before TOMLKit sees them.
@Suite struct TOMLConfigFuzzRegressionTests {
    static let crashInput = "[\u{04}er"

    @Test func petConfigWithControlCharacterIsRefusedNotAborted() {
        var options = PetConfig()
        #expect {
            try PetConfigFile.apply(text: Self.crashInput, path: "pet.toml", to: &options)
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
            _ = try TranslateConfigFile.backend(fromTOML: "[translate]\nbackend = \"openai\"\n" + Self.crashInput)
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

/// Found by the `toml` fuzz harness (Fuzz/Regressions/toml/crash-comment-in-table-header):
/// `[#6r` failed the same toml++ assert (a table header not starting with a key).
@Test func tableHeaderWithoutAKeyIsRefusedNotAborted() {
    var options = PetConfig()
    #expect {
        try PetConfigFile.apply(text: "fps = 10\n[#6r", path: "pet.toml", to: &options)
    } throws: { error in
        "\(error)".contains("pet.toml:2:2: a table header must start with a key")
    }
    #expect(throws: ConfigError.self) { _ = try ServerSettings(toml: "[ +x]") }
}

/// Found by the `toml` fuzz harness (Fuzz/Regressions/toml/abort-parse-time-assert): a
/// date-time whose time does not start with a digit (`1979-05-27T~7:32:00`) failed a C
/// `assert` in toml++'s `parse_time` and aborted the program that read the config. TOMLPrecheck
/// now checks all of TOML's syntax (dates and times included) before TOMLKit sees the text.
@Suite struct DateTimeWithoutATimeTests {
    static let crashInput = "a = 1979-05-27T~7:32:00"

    @Test func petConfigWithADateTimeWithoutATimeIsRefusedNotAborted() {
        var options = PetConfig()
        #expect {
            try PetConfigFile.apply(text: Self.crashInput, path: "pet.toml", to: &options)
        } throws: { error in
            "\(error)".contains("pet.toml:1:16: a date-time needs a time after the date (HH:MM:SS)")
        }
    }

    @Test func serverConfigWithADateTimeWithoutATimeIsRefusedNotAborted() {
        #expect {
            _ = try ServerSettings(toml: "[server]\nname = \"x\"\n" + Self.crashInput)
        } throws: { error in
            "\(error)".contains("line 3, column 16: a date-time needs a time")
        }
    }

    @Test func translateConfigWithADateTimeWithoutATimeIsRefusedNotAborted() {
        #expect {
            _ = try TranslateConfigFile.backend(fromTOML: "[translate]\n" + Self.crashInput)
        } throws: { error in
            "\(error)".contains("line 2, column 16: a date-time needs a time")
        }
    }

    @Test func chatSettingsWithADateTimeWithoutATimeGiveDefaultsAndAReason() {
        let (settings, problem) = ChatSettingsTOML.parse("nick = \"bob\"\n" + Self.crashInput, path: "chat.toml")
        #expect(settings.nick == "")
        #expect(problem?.contains("chat.toml is not valid TOML (line 2, column 16: a date-time needs a time") == true)
    }
}

@Suite struct TOMLPrecheckTests {
    @Test func ordinaryTextPasses() {
        #expect(TOMLPrecheck.problem(in: "a = \"tab\there\"\r\nb = 1\n# 中文 comment\n") == nil)
    }

    /// Lines starting with `[` inside values and strings are not table headers.
    @Test func bracketsInsideValuesAndStringsPass() {
        let text = """
            [server]
            motd = [
              [ {a = 1} ],
              [ # a comment inside an array
                +1, -2 ],
            ]
            s = \"\"\"
            [#not a header, inside a string
            \"\"\"
            [[operator]]
            [ "quoted" . 'key' ]
            """
        #expect(TOMLPrecheck.problem(in: text) == nil)
    }

    @Test(arguments: [("a = 1\u{0}", 1, 6, "U+0000"), ("x = 1\ny = \u{7F}", 2, 5, "U+007F"),
                      ("a = 1\rb = 2", 1, 6, "U+000D"), ("a = 1\r", 1, 6, "U+000D"), ("\u{1B}[1m", 1, 1, "U+001B")])
    func controlCharactersAreFound(text: String, line: Int, column: Int, character: String) {
        let problem = TOMLPrecheck.problem(in: text)
        #expect(problem?.line == line)
        #expect(problem?.column == column)
        #expect(problem?.reason.contains("control character \(character)") == true)
    }
}
