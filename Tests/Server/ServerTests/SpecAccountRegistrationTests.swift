import ServerConfigTOML
import ServerCore
import Testing

/// `[accounts]` in the TOML configuration file, parsed in-process (the keys, their defaults,
/// and the errors for typos and bad values). What a client sees of these policies —
/// draft/account-registration over TCP against the real binary — is in
/// ConformanceTests/IRCv3_AccountRegistration.swift.
@Suite struct SpecAccountRegistrationTests {
    /// `[accounts]` in the TOML file: every key, and typos or bad values refused.
    @Test func accountsSectionOfTheConfigFile() throws {
        let defaults = try ServerSettings(toml: "").config.registration
        #expect(defaults.enabled && defaults.beforeConnect && !defaults.emailRequired && defaults.minPasswordLength == 6)
        let set = try ServerSettings(toml: """
            [accounts]
            registration = true
            before_connect = false
            email_required = true
            password_min_length = 1
            verification_timeout = 600
            """).config.registration
        #expect(set.enabled && !set.beforeConnect && set.emailRequired && set.minPasswordLength == 1 && set.verificationTimeout == 600)
        #expect(try !ServerSettings(toml: "[accounts]\nregistration = false\n").config.registration.enabled)
        for bad in ["[accounts]\nbefore-connect = false\n", "[accounts]\nregistration = \"yes\"\n",
                    "[accounts]\npassword_min_length = 0\n", "[accounts]\npassword_min_length = 2.5\n"] {
            #expect(throws: ConfigError.self, "\(bad)") { try ServerSettings(toml: bad) }
        }
    }

    /// `multiclient` (default on) and `always_on` (default off) in `[accounts]`.
    @Test func multiclientAndAlwaysOnKeys() throws {
        let defaults = try ServerSettings(toml: "").config
        #expect(defaults.multiclient && !defaults.alwaysOn)
        let set = try ServerSettings(toml: "[accounts]\nmulticlient = false\nalways_on = true\n").config
        #expect(!set.multiclient && set.alwaysOn)
        for bad in ["[accounts]\nalways-on = true\n", "[accounts]\nmulticlient = 1\n"] {
            #expect(throws: ConfigError.self, "\(bad)") { try ServerSettings(toml: bad) }
        }
    }
}
