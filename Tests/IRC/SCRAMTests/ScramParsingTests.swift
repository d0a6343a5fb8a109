import SCRAM
import Testing

/// The message grammar of RFC 5802 §7 and what a server must refuse.
@Suite struct ScramParsingTests {
    private func clientFirstError(_ text: String) -> ScramError? {
        do { _ = try ClientFirstMessage(parsing: text); return nil } catch { return error }
    }

    private func clientFinalError(_ text: String) -> ScramError? {
        do { _ = try ClientFinalMessage(parsing: text); return nil } catch { return error }
    }

    @Test func clientFirstAcceptsTheGS2Forms() throws {
        let y = try ClientFirstMessage(parsing: "y,,n=user,r=abc")
        #expect(y.gs2Header == "y,,")
        let authz = try ClientFirstMessage(parsing: "n,a=us=2Cer,n=us=2Cer,r=abc,x=ext")
        #expect(authz.authzid == "us,er")
        #expect(authz.username == "us,er")
        #expect(authz.bare == "n=us=2Cer,r=abc,x=ext")
        #expect(try ClientFirstMessage(parsing: "n,,n=a=3Db,r=x").username == "a=b")
        #expect(ClientFirstMessage(username: "a,b=c", nonce: "n0").text == "n,,n=a=2Cb=3Dc,r=n0")
    }

    @Test func clientFirstRefusals() {
        #expect(clientFirstError("p=tls-unique,,n=user,r=abc") == .channelBindingNotSupported)
        #expect(clientFirstError("p=tls-server-end-point") == .channelBindingNotSupported)
        #expect(clientFirstError("n,,m=ext,n=user,r=abc") == .unsupportedExtension)
        #expect(clientFirstError("n,,n=us=2Xer,r=abc") == .invalidUsername)
        #expect(clientFirstError("n,,n=user=,r=abc") == .invalidUsername)
        #expect(clientFirstError("n,,n=,r=abc") == .invalidUsername)
        #expect(clientFirstError("n,,n=user,r=") == .malformed)
        #expect(clientFirstError("n,,n=user,r=a\u{7F}b") == .malformed)
        #expect(clientFirstError("n,,r=abc,n=user") == .malformed)
        #expect(clientFirstError("x,,n=user,r=abc") == .malformed)
        #expect(clientFirstError("n,b=x,n=user,r=abc") == .malformed)
        #expect(clientFirstError("n,,n=user,r=abc,,") == .malformed)
        #expect(clientFirstError("n,,n=user,r=abc,7=x") == .malformed)
        #expect(clientFirstError("") == .malformed)
        #expect(clientFirstError("n,,n=user") == .malformed)
    }

    @Test func clientFinalChecks() throws {
        let first = try ClientFirstMessage(parsing: "n,,n=user,r=abc")
        let server = ServerFirstMessage(nonce: "abcDEF", salt: [1, 2, 3], iterations: 4096)
        let proof = ScramBase64.encode([UInt8](repeating: 7, count: 32))
        let good = try ClientFinalMessage(parsing: "c=biws,r=abcDEF,p=\(proof)")
        #expect(try good.authMessage(clientFirst: first, serverFirst: server) == "n=user,r=abc,r=abcDEF,s=AQID,i=4096,c=biws,r=abcDEF")
        // The client's own nonce alone, or another one: refused.
        let stale = try ClientFinalMessage(parsing: "c=biws,r=abc,p=\(proof)")
        #expect(throws: ScramError.nonceMismatch) { try stale.authMessage(clientFirst: first, serverFirst: server) }
        // `c=` must be the base64 of this exchange's GS2 header (`y,,` is eSws).
        let otherHeader = try ClientFinalMessage(parsing: "c=eSws,r=abcDEF,p=\(proof)")
        #expect(throws: ScramError.channelBindingMismatch) { try otherHeader.authMessage(clientFirst: first, serverFirst: server) }
        #expect(clientFinalError("c=biws,r=abcDEF,p=\(ScramBase64.encode([UInt8](repeating: 7, count: 31)))") == .badProofLength)
        #expect(clientFinalError("c=biws,r=abcDEF,p=!!notbase64!!") == .malformed)
        #expect(clientFinalError("c=biws,r=abcDEF") == .malformed)
        #expect(clientFinalError("r=abcDEF,c=biws,p=\(proof)") == .malformed)
        #expect(clientFinalError("c=bi,r=abcDEF,p=\(proof)") == .malformed)
    }

    @Test func base64IsStrict() {
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(ScramBase64.decode(ScramBase64.encode(bytes)) == bytes)
        }
        #expect(ScramBase64.encode(Array("n,,".utf8)) == "biws")
        #expect(ScramBase64.decode("biw") == nil)
        #expect(ScramBase64.decode("b=ws") == nil)
        #expect(ScramBase64.decode("bi=s") == nil)
        #expect(ScramBase64.decode("biws====") == nil)
        #expect(ScramBase64.decode("bi ws") == nil)
        #expect(ScramBase64.decode("") == [])
        // Non-zero bits left over by the padding: another spelling of the same bytes, refused.
        #expect(ScramBase64.decode("QQ==") == [0x41])
        #expect(ScramBase64.decode("QR==") == nil)
        #expect(ScramBase64.decode("QUE=") == [0x41, 0x41])
        #expect(ScramBase64.decode("QUF=") == nil)
    }
}
