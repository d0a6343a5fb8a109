import PetApp
import Testing

/// `quiz_after_idle` in the pet's config: a number of seconds or a duration string; 0 or
/// "off" turns quizzes off; anything else is an error naming the line.
@Suite struct QuizSettingTests {
    func idle(_ value: String) throws -> Double? {
        var options = PetConfig()
        try PetConfigFile.apply(text: "fps = 10\nquiz_after_idle = \(value)\n", path: "pet.toml", to: &options)
        return options.quizAfterIdle
    }

    @Test func durationsAndSecondsAreRead() throws {
        #expect(PetConfig().quizAfterIdle == 600)
        #expect(try idle("\"10m\"") == 600)
        #expect(try idle("\"90s\"") == 90)
        #expect(try idle("\"1.5h\"") == 5400)
        #expect(try idle("45") == 45)
        #expect(try idle("2.5") == 2.5)
        #expect(try idle("\"30\"") == 30)
    }

    @Test func zeroOrOffDisablesQuizzes() throws {
        #expect(try idle("0") == nil)
        #expect(try idle("\"off\"") == nil)
        #expect(try idle("\"0m\"") == nil)
    }

    @Test func nonsenseIsAnErrorNamingTheLine() {
        for bad in ["\"soon\"", "-5", "\"-5m\"", "true", "\"10 minutes\"", "[1]"] {
            #expect(throws: (any Error).self, "\(bad)") { _ = try idle(bad) }
            do { _ = try idle(bad) } catch {
                #expect("\(error)".hasPrefix("pet.toml:2: quiz_after_idle:"), "\(error)")
            }
        }
    }
}
