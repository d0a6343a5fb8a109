import IRCProtocol
import Testing

@Suite struct NamesTests {
    @Test func caseMappings() {
        #expect(CaseMapping.ascii.fold("NiCk[]\\^") == "nick[]\\^")
        #expect(CaseMapping.rfc1459.fold("NiCk[]\\^") == "nick{}|~")
        #expect(CaseMapping.strictRFC1459.fold("NiCk[]\\^") == "nick{}|^")
        #expect(CaseMapping.rfc1459.equal("Alice[x]", "alice{X}"))
        #expect(!CaseMapping.ascii.equal("Alice[x]", "alice{X}"))
        #expect(CaseMapping.ascii.fold("ÀB") == "Àb")
        #expect(CaseMapping(rawValue: "strict-rfc1459") == .strictRFC1459)
    }

    /// The bytes form folds exactly as the string form, invalid UTF-8 included (each is
    /// repaired the same way).
    @Test(arguments: CaseMapping.allCases)
    func foldingBytesIsFoldingTheString(_ mapping: CaseMapping) {
        let samples: [[UInt8]] = [Array("NiCk[]\\^~{}|".utf8), Array("ÀBc坦克X".utf8), [], [0x41, 0xFF, 0x5B, 0xC3], Array(0...127)]
        for bytes in samples {
            let viaString = mapping.fold(String(decoding: bytes, as: UTF8.self))
            #expect(bytes.withUnsafeBufferPointer { mapping.fold(utf8: $0) } == viaString)
        }
    }

    @Test(arguments: ["alice", "Bob_", "[x]", "a-1", "nick^", "{pipe}|", "坦克"])
    func validNicknames(nick: String) { #expect(IRCNames.isValidNickname(nick)) }

    @Test(arguments: ["", "1abc", "-a", "#chan", ":x", "a b", "a,b", "a*", "a?", "a!b", "a@b", "a.b", "$x",
                      String(repeating: "a", count: 31), "a\u{1}"])
    func invalidNicknames(nick: String) { #expect(!IRCNames.isValidNickname(nick)) }

    @Test func channelNames() {
        #expect(IRCNames.isValidChannelName("#tachikoma"))
        #expect(IRCNames.isValidChannelName("&local"))
        #expect(!IRCNames.isValidChannelName("#"))
        #expect(!IRCNames.isValidChannelName("tachikoma"))
        #expect(!IRCNames.isValidChannelName("#a,b"))
        #expect(!IRCNames.isValidChannelName("#a b"))
        #expect(!IRCNames.isValidChannelName("#a\u{7}"))
        #expect(!IRCNames.isValidChannelName("#" + String(repeating: "a", count: 64)))
    }

    @Test func globMatching() {
        #expect(IRCNames.matches(mask: "*!*@*.example", "nick!u@host.example"))
        #expect(IRCNames.matches(mask: "Ni?K!*", "nick!user@h"))
        #expect(!IRCNames.matches(mask: "*!*@other", "nick!u@host"))
        #expect(IRCNames.matches(mask: "*", ""))
        #expect(IRCNames.matches(mask: "a*b*c", "aXXbYYc"))
        #expect(!IRCNames.matches(mask: "a*b*c", "aXXbYY"))
        #expect(IRCNames.matches(mask: "[x]*", "{X}y", caseMapping: .rfc1459))
    }

    @Test func numerics() {
        #expect(Numeric.rplWelcome.rawValue == "001")
        #expect(Numeric.errNicknameInUse.rawValue == "433")
        #expect(Numeric.errNicknameInUse.isError)
        #expect(!Numeric.rplISupport.isError)
        #expect(Numeric(rawValue: "999").name == nil)
        #expect(Numeric.rplWhoSpcRpl.name == "RPL_WHOSPCRPL")
    }
}
