import SCRAMCrypto
import Testing

@Suite struct PasswordHasherTests {
    @Test func hashVerifiesItsPasswordOnly() throws {
        let hasher = PasswordHasher()
        let hash = try hasher.hash("secret123")
        #expect(hash.hasPrefix("$scrypt$ln=14,r=8,p=1$"))
        #expect(hasher.verify("secret123", against: hash))
        #expect(!hasher.verify("secret124", against: hash))
        #expect(!hasher.verify("", against: hash))
    }

    @Test func saltsDiffer() throws {
        let hasher = PasswordHasher(logN: 10)
        #expect(try hasher.hash("same") != hasher.hash("same"))
    }

    @Test func malformedHashesNeverMatch() {
        let hasher = PasswordHasher()
        for bad in ["", "$scrypt$", "$scrypt$ln=14,r=8,p=1$AAAA$", "$md5$x$y$z", "$scrypt$ln=40,r=8,p=1$AAAA$AAAA", "plain"] {
            #expect(!hasher.verify("x", against: bad))
        }
    }
}
