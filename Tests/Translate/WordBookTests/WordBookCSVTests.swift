import Testing
import WordBook

@Suite struct WordBookCSVTests {
    @Test func fieldsWithCommasQuotesAndLineBreaksAreQuotedAsRFC4180Says() {
        #expect(WordBookCSV.field("plain") == "plain")
        #expect(WordBookCSV.field("a,b") == "\"a,b\"")
        #expect(WordBookCSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(WordBookCSV.field("two\nlines") == "\"two\nlines\"")
        #expect(WordBookCSV.field("苹果") == "苹果")
    }

    @Test func aBookBecomesAHeaderAndOneCRLFRowPerWord() {
        let r = WordRecord(word: "rock 'n' roll, \"live\"", partOfSpeech: "n.", sense: "摇滚乐", entry: "n. 摇滚乐\nn. 摇滚舞",
                           added: 0, lastLookedUp: 86_400, lookups: 2,
                           schedule: SM2(easiness: 2.36, interval: 6, repetitions: 2), due: 1_764_979_200)
        let text = WordBookCSV.text([r])
        #expect(text == "word,part_of_speech,sense,entry,added,last_looked_up,lookups,due,interval_days,repetitions,easiness\r\n"
                + "\"rock 'n' roll, \"\"live\"\"\",n.,摇滚乐,\"n. 摇滚乐\nn. 摇滚舞\",1970-01-01T00:00:00Z,1970-01-02T00:00:00Z,2,"
                + "2025-12-06T00:00:00Z,6,2,2.36\r\n")
    }

    @Test func datesAreISO8601InUTC() {
        #expect(WordBookCSV.isoDate(0) == "1970-01-01T00:00:00Z")
        #expect(WordBookCSV.isoDate(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(WordBookCSV.isoDate(1_798_761_599) == "2026-12-31T23:59:59Z")
    }
}
