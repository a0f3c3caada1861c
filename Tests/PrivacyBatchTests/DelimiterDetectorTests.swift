import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct DelimiterDetectorTests {
    private func detect(_ text: String, complete: Bool = true) -> DelimiterDetector.Finding {
        DelimiterDetector.detect(Array(text.utf8), complete: complete)
    }

    @Test func picksTheSeparatorThatSplitsHeaderAndRowsAlike() {
        #expect(detect("email;type\na@b.co;deletion\n") == .delimiter(0x3B))
        #expect(detect("email\ttype\n") == .delimiter(0x09))
        #expect(detect("email|type|x\n") == .delimiter(0x7C))
        #expect(detect("email\na@b.co\n") == .delimiter(0x2C))
    }

    /// A header cell holding another candidate does not fool it: the rows decide.
    @Test func theRowsDecideBetweenCandidates() {
        #expect(detect("email,Holding Period (days; max 180)\na@b.co,3\n") == .delimiter(0x2C))
        #expect(detect("email;note,with comma;x\na@b.co;\"a,b\";1\nc@d.co;;2\n") == .delimiter(0x3B))
    }

    @Test func quotedSeparatorsAndBlankLinesDoNotCount() {
        #expect(detect("\"a;b\",c\n\"x;y\",z\n;;\n") == .delimiter(0x2C))
    }

    @Test func aTieIsNotGuessed() {
        #expect(detect("email;type,x\na@b.co;deletion,1\n") == .ambiguous([0x2C, 0x3B]))
    }

    @Test func aCutLastLineIsNotChecked() {
        #expect(
            DelimiterDetector.fieldCounts(Array("a;b\n1;2\n3".utf8), delimiter: 0x3B, limit: 5, complete: false) == [
                2, 2,
            ])
        #expect(
            DelimiterDetector.fieldCounts(Array("a;b\n1;2\n3".utf8), delimiter: 0x3B, limit: 5, complete: true) == [
                2, 2, 1,
            ])
    }
}
