/// A DNS message (RFC 1035 §4.1): header, questions and three sections of records. The
/// wire form is read by `init(decoding:)` and written by `encoded()`.
public struct DNSMessage: Hashable, Sendable {
    /// The largest message accepted or written: RFC 6762 §17 allows 9000 bytes.
    public static let maximumSize = 9000

    /// The transaction id; 0 in multicast DNS except for legacy unicast replies.
    public var id: UInt16
    /// QR: a response rather than a query.
    public var isResponse: Bool
    /// The opcode (0 = standard query; mDNS ignores messages with any other).
    public var opcode: UInt8
    /// AA: the answer comes from the owner of the names (always set in mDNS responses).
    public var isAuthoritative: Bool
    /// TC: in an mDNS query, more known answers follow in the next packet.
    public var isTruncated: Bool
    /// The response code (0 = no error; mDNS ignores messages with any other).
    public var responseCode: UInt8
    /// The other header bits (RD, RA, Z, AD, CD), kept so a message reads back unchanged.
    public var otherFlags: UInt16

    /// The question section (queries; legacy unicast replies repeat it).
    public var questions: [DNSQuestion]
    /// The answer section (in a query: the known answers, RFC 6762 §7.1).
    public var answers: [DNSRecord]
    /// The authority section (probes' proposed records; unused here).
    public var authorities: [DNSRecord]
    /// The additional section (records the receiver will likely need next).
    public var additionals: [DNSRecord]

    /// Makes a message; by default an empty query.
    public init(
        id: UInt16 = 0, isResponse: Bool = false, opcode: UInt8 = 0, isAuthoritative: Bool = false,
        isTruncated: Bool = false, responseCode: UInt8 = 0, otherFlags: UInt16 = 0,
        questions: [DNSQuestion] = [], answers: [DNSRecord] = [], authorities: [DNSRecord] = [],
        additionals: [DNSRecord] = []
    ) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.isAuthoritative = isAuthoritative
        self.isTruncated = isTruncated
        self.responseCode = responseCode
        self.otherFlags = otherFlags
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }

    /// Every record of the message, answers first.
    public var allRecords: [DNSRecord] { answers + authorities + additionals }
}
