import IRCProtocol
import ServerCore
import Testing

@Suite struct CorePieceTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_795_309_323_456, "2026-11-22T01:02:03.456Z"),
        (951_868_799_999, "2000-02-29T23:59:59.999Z"),
        (946_598_400_001, "1999-12-31T00:00:00.001Z"),
    ])
    func serverTimeFormat(ms: Int64, text: String) {
        #expect(ServerInstant(milliseconds: ms).iso8601 == text)
    }

    @Test func tokenBucketAllowsBurstThenRate() {
        let t0 = ServerInstant(milliseconds: 1_000_000)
        var bucket = TokenBucket(burst: 3, ratePerSecond: 2, now: t0)
        var taken = 0
        for _ in 0..<3 where bucket.take(now: t0) { taken += 1 }
        #expect(taken == 3)
        let fourth = bucket.take(now: t0)
        let wait = bucket.millisecondsUntilNextToken(now: t0)
        let afterHalf = bucket.take(now: t0.adding(seconds: 0.5))
        let again = bucket.take(now: t0.adding(seconds: 0.5))
        let later = bucket.take(now: t0.adding(seconds: 10))
        #expect(!fourth)
        #expect(wait == 500)
        #expect(afterHalf)
        #expect(!again)
        #expect(later)
    }
}
