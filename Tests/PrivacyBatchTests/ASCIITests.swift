import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct ASCIITests {
    @Test(arguments: [
        ("", 0..<0), ("   ", 3..<3), ("a", 0..<1), (" \ta@b.co\t ", 2..<8), ("a b", 0..<3), ("\u{A0}a", 0..<3),
    ])
    func trimsOnlySpacesAndTabs(text: String, expected: Range<Int>) {
        let bytes = ContiguousArray(text.utf8)
        #expect(ASCII.trimmedRange(bytes.span) == expected)
    }

    @Test func readsWordsLittleEndianAtAnyOffset() {
        let bytes = ContiguousArray<UInt8>((1...11).map { UInt8($0) })
        #expect(ASCII.word(bytes.span, at: 0) == 0x0807_0605_0403_0201)
        #expect(ASCII.word(bytes.span, at: 3) == 0x0B0A_0908_0706_0504)
    }

    @Test func comparesWithALowercaseLiteralIgnoringTheBytesCase() {
        let cases: [(String, Bool)] = [
            ("SHOPPER", true), ("Shopper", true), ("shopper", true), ("shoppers", false), ("shoppe", false),
            ("", false), ("shöpper", false),
        ]
        for (text, expected) in cases {
            let bytes = ContiguousArray(text.utf8)
            #expect(ASCII.equalsIgnoringCase(bytes.span, "shopper") == expected, "\(text)")
        }
    }

    @Test func excerptsShortenLongTextAndNeverQuoteAnAddress() {
        let long = ContiguousArray(String(repeating: "é", count: 50).utf8)
        #expect(ASCII.excerpt(long.span) == String(repeating: "é", count: 40) + "…")
        let email = ContiguousArray("jane@example.com".utf8)
        #expect(!ASCII.excerpt(email.span).contains("jane"))
    }
}
