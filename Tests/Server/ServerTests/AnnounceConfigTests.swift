import ServerConfigTOML
import Testing

/// `[server] announce` (issue 18): off by default, a boolean, a clear error otherwise.
@Suite struct AnnounceConfigTests {
    @Test func offByDefaultOnWhenTrue() throws {
        #expect(try ServerSettings(toml: "[server]\nname = \"x\"\n").announce == false)
        #expect(try ServerSettings(toml: "[server]\nannounce = true\n").announce == true)
        #expect(try ServerSettings(toml: "[server]\nannounce = false\n").announce == false)
    }

    @Test func aNonBooleanIsAClearError() {
        let error = #expect(throws: ConfigError.self) { try ServerSettings(toml: "[server]\nannounce = \"yes\"\n") }
        #expect(error?.description == "[server] announce must be true or false")
    }
}
