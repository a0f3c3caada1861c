import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct CSVReaderTests {
    @Test func readsHeaderRowsAndNumbers() throws {
        let reader = try CSVReader(path: try Fixtures.file("email,type\na@b.co,deletion\nc@d.co,retrieval\n"))
        #expect(reader.header == ["email", "type"])
        #expect(reader.next() == CSVRecord(row: 1, line: 2, fields: ["a@b.co", "deletion"]))
        #expect(reader.next() == CSVRecord(row: 2, line: 3, fields: ["c@d.co", "retrieval"]))
        #expect(reader.next() == nil)
        #expect(reader.readError == nil)
    }

    @Test func stripsByteOrderMark() throws {
        let records = try Fixtures.records(bytes: [0xEF, 0xBB, 0xBF] + Array("email,x\na,b\n".utf8))
        let reader = try CSVReader(path: try Fixtures.file(bytes: [0xEF, 0xBB, 0xBF] + Array("email,x\n".utf8)))
        #expect(reader.header == ["email", "x"])
        #expect(records == [CSVRecord(row: 1, line: 2, fields: ["a", "b"])])
    }

    @Test func keepsByteOrderMarkLikeBytesInsideTheFile() throws {
        let records = try Fixtures.records("h\n\u{FEFF}a\n")
        #expect(records.first?.fields == ["\u{FEFF}a"])
    }

    @Test func acceptsLFCRLFAndLoneCRAndALastLineWithoutBreak() throws {
        let records = try Fixtures.records("a,b\r\n1,2\r\n3,4\n5,6\r7,8")
        #expect(records.map(\.fields) == [["1", "2"], ["3", "4"], ["5", "6"], ["7", "8"]])
        #expect(records.map(\.line) == [2, 3, 4, 5])
        #expect(records.map(\.row) == [1, 2, 3, 4])
    }

    @Test func skipsBlankLinesWithoutCountingThemAsRows() throws {
        let records = try Fixtures.records("\n\na,b\n\n1,2\r\n\r\n   \n\t \n3,4\n\n")
        #expect(records.map(\.fields) == [["1", "2"], ["3", "4"]])
        #expect(records.map(\.row) == [1, 2])
        // Header on line 3 because two blank lines precede it; lines stay physical.
        #expect(records.map(\.line) == [5, 9])
    }

    @Test func keepsQuotedCommasQuotesAndLineBreaks() throws {
        let records = try Fixtures.records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"line1\nline2\r\nline3\",z\nlast,\"\"\n")
        #expect(records.map(\.fields) == [["x, y", "say \"hi\""], ["line1\nline2\r\nline3", "z"], ["last", ""]])
        #expect(records.map(\.line) == [2, 3, 6])
    }

    @Test func keepsEmptyFieldsAndSpaces() throws {
        let records = try Fixtures.records("a,b,c\n,x,\n x , y ,\n")
        #expect(records.map(\.fields) == [["", "x", ""], [" x ", " y ", ""]])
        #expect(records.allSatisfy { $0.problem == nil })
    }

    /// Excel ends many exports with rows of only delimiters: they are blank, skipped and counted.
    @Test func skipsAndCountsRowsOfOnlyDelimitersAndWhitespace() throws {
        let reader = try CSVReader(path: try Fixtures.file("a,b,c\n1,2,3\n,,\n , ,\t\n\n,,,,,\n4,5,6\r\n,,\r\n"))
        var records: [CSVRecord] = []
        while let record = reader.next() { records.append(record) }
        #expect(records.map(\.fields) == [["1", "2", "3"], ["4", "5", "6"]])
        #expect(records.map(\.row) == [1, 2])
        #expect(records.map(\.line) == [2, 7])
        #expect(reader.blankRows == 5)
    }

    @Test func aQuotedEmptyCellOrTextBeyondTheHeaderIsNotBlank() throws {
        let records = try Fixtures.records("a,b\n\"\",\n,,x\n")
        #expect(records.map(\.problem?.code) == [nil, .tooManyFields])
    }

    /// A file many times larger than the buffer, with quoted line breaks, CRLFs, doubled quotes and
    /// multi-byte characters landing on every possible buffer boundary.
    @Test(arguments: [4, 5, 7, 16, 61, 4_096])
    func readsTheSameAcrossBufferBoundaries(bufferSize: Int) throws {
        var text = "email,note,id\r\n"
        var expected: [[String]] = []
        var expectedLines: [Int] = []
        var line = 2
        for index in 0..<300 {
            let note: String
            let encoded: String
            switch index % 5 {
            case 0:
                note = "multi\r\nline \(index)"
                encoded = "\"multi\r\nline \(index)\""
            case 1:
                note = "quote \"\(index)\", comma"
                encoded = "\"quote \"\"\(index)\"\", comma\""
            case 2:
                note = "naïve café ✓ \(index)"
                encoded = note
            case 3:
                note = "lf\nonly\n\(index)"
                encoded = "\"lf\nonly\n\(index)\""
            default:
                note = ""
                encoded = ""
            }
            text += "user\(index)@example.com,\(encoded),\(index)" + (index % 2 == 0 ? "\r\n" : "\n")
            if index % 7 == 0 {
                text += "\r\n"
            }
            expected.append(["user\(index)@example.com", note, "\(index)"])
            expectedLines.append(line)
            line += 1 + note.filter { $0 == "\n" || $0 == "\r\n" }.count + (index % 7 == 0 ? 1 : 0)
        }
        let records = try Fixtures.records(text, bufferSize: bufferSize)
        #expect(records.count == 300)
        #expect(records.map(\.fields) == expected)
        #expect(records.map(\.line) == expectedLines)
        #expect(records.map(\.row) == Array(1...300))
        #expect(records.allSatisfy { $0.problem == nil })
    }

    @Test(arguments: [5, 16, 65_536])
    func reportsAnUnterminatedQuoteAndResumesOnTheNextLine(bufferSize: Int) throws {
        let records = try Fixtures.records(
            "email,type\na@b.co,deletion\n\"bad@x.co,deletion\nc@d.co,retrieval\n", bufferSize: bufferSize)
        #expect(records.count == 3)
        #expect(records[1].problem?.code == .unterminatedQuote)
        #expect(records[1].problem?.message.contains("field 1 (\"email\")") == true)
        #expect(records[1].line == 3)
        #expect(records[1].fields == ["bad@x.co,deletion", ""])
        #expect(records[2] == CSVRecord(row: 3, line: 4, fields: ["c@d.co", "retrieval"]))
    }

    @Test func reportsAQuoteInsideAnUnquotedFieldAndGoesOn() throws {
        let records = try Fixtures.records("email,type\na\"b@x.co,deletion\nc@d.co,retrieval\n")
        #expect(records[0].problem?.code == .unexpectedQuote)
        #expect(records[0].problem?.message.contains("\"email\"") == true)
        #expect(records[0].fields == ["a\"b@x.co", "deletion"])
        #expect(records[1] == CSVRecord(row: 2, line: 3, fields: ["c@d.co", "retrieval"]))
    }

    @Test func reportsTextAfterAClosingQuoteAndGoesOn() throws {
        let records = try Fixtures.records("email,type\n\"a@x.co\"x,deletion\nc@d.co,retrieval\n")
        #expect(records[0].problem?.code == .unexpectedQuote)
        #expect(records[0].fields == ["a@x.cox", "deletion"])
        #expect(records[1].problem == nil)
    }

    @Test func reportsTooManyAndTooFewFieldsAndGoesOn() throws {
        let records = try Fixtures.records("email,type\na@b.co,deletion,extra\nc@d.co\ne@f.co,retrieval\n")
        #expect(records[0].problem?.code == .tooManyFields)
        #expect(records[0].problem?.message == "the row has 3 fields but the header has 2")
        #expect(records[0].fields == ["a@b.co", "deletion"])
        #expect(records[1].problem?.code == .tooFewFields)
        #expect(records[1].problem?.message == "the row has 1 field but the header has 2")
        #expect(records[1].fields == ["c@d.co", ""])
        #expect(records[2] == CSVRecord(row: 3, line: 4, fields: ["e@f.co", "retrieval"]))
    }

    @Test func reportsInvalidUTF8AndGoesOn() throws {
        let bytes = Array("email,type\n".utf8) + [0x61, 0xFF, 0x40, 0x62, 0x2C, 0x64, 0x0A] + Array("c@d.co,x\n".utf8)
        let records = try Fixtures.records(bytes: bytes)
        #expect(records[0].problem?.code == .invalidUTF8)
        #expect(records[0].problem?.message.contains("field 1 (\"email\")") == true)
        #expect(records[0].fields == ["a\u{FFFD}@b", "d"])
        #expect(records[1] == CSVRecord(row: 2, line: 3, fields: ["c@d.co", "x"]))
    }

    @Test func acceptsValidMultiByteUTF8() throws {
        let records = try Fixtures.records("name,city\nJosé,Zürich ✓ 東京\n")
        #expect(records[0].fields == ["José", "Zürich ✓ 東京"])
        #expect(records[0].problem == nil)
    }

    @Test func reportsAnUnquotedFieldOverTheLimitAndGoesOn() throws {
        let records = try Fixtures.records("email,type\n0123456789ABCDEF,x\nc@d.co,y\n", maxFieldBytes: 10)
        #expect(records[0].problem?.code == .fieldTooLong)
        #expect(records[0].problem?.message.contains("longer than 10 bytes") == true)
        #expect(records[0].fields == ["0123456789", "x"])
        #expect(records[1] == CSVRecord(row: 2, line: 3, fields: ["c@d.co", "y"]))
    }

    @Test(arguments: [7, 65_536])
    func reportsAQuotedFieldOverTheLimitAndResumesAfterIt(bufferSize: Int) throws {
        let records = try Fixtures.records(
            "email,type\n\"0123456789\nABCDEF\",x\nc@d.co,y\n", bufferSize: bufferSize, maxFieldBytes: 10)
        #expect(records.first?.problem?.code == .fieldTooLong)
        #expect(records.first?.line == 2)
        #expect(records.last == CSVRecord(row: records.count, line: 4, fields: ["c@d.co", "y"]))
    }

    @Test func treatsAllFileLevelProblemsAsErrors() throws {
        let missing = try Fixtures.directory() + "/nope.csv"
        #expect(throws: RequestFileError.notFound(path: missing)) { try CSVReader(path: missing) }
        let folder = try Fixtures.directory()
        #expect(throws: RequestFileError.isDirectory(path: folder)) { try CSVReader(path: folder) }
        for content in [[], [0xEF, 0xBB, 0xBF], Array("\n\r\n  \n".utf8)] as [[UInt8]] {
            let path = try Fixtures.file(bytes: content)
            #expect(throws: RequestFileError.empty(path: path)) { try CSVReader(path: path) }
        }
        let binary = try Fixtures.file(bytes: Array("email\n".utf8) + [0x00, 0x01, 0x02])
        #expect(throws: RequestFileError.binary(path: binary)) { try CSVReader(path: binary) }
        let badHeader = try Fixtures.file("\"email,type\n")
        #expect(throws: RequestFileError.malformedHeader(path: badHeader, code: .unterminatedQuote)) {
            try CSVReader(path: badHeader)
        }
    }

    @Test(.enabled(if: getuid() != 0, "root reads any file"))
    func reportsUnreadableFilesWhenNotRoot() throws {
        let path = try Fixtures.file("email\n")
        chmod(path, 0)
        #expect(throws: RequestFileError.self) { try CSVReader(path: path) }
    }

    @Test func fileErrorsNameThePathButNoContent() throws {
        let path = try Fixtures.file("secret@shopper.com,deletion\n")
        do {
            _ = try RequestFileReader(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error == .noHeader(path: path))
            #expect(error.description.contains(path))
            #expect(!error.description.contains("secret@shopper.com"))
        }
    }

    @Test func trailingCommaMakesAnEmptyLastField() throws {
        let records = try Fixtures.records("a,b\n1,\n2,")
        #expect(records.map(\.fields) == [["1", ""], ["2", ""]])
        #expect(records.allSatisfy { $0.problem == nil })
    }

    @Test func closesTheFileWhenOpeningFails() throws {
        let path = try Fixtures.file("\"email\n")
        let before = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        for _ in 0..<50 {
            #expect(throws: RequestFileError.self) { try CSVReader(path: path) }
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        #expect(after < before + 25)
    }

    @Test func refusesWhatIsNotARegularFile() throws {
        #expect(throws: RequestFileError.notRegularFile(path: "/dev/zero")) { try CSVReader(path: "/dev/zero") }
        let fifo = try Fixtures.directory() + "/pipe.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        // No writer: a blocking open would hang here.
        #expect(throws: RequestFileError.notRegularFile(path: fifo)) { try CSVReader(path: fifo) }
    }

    @Test func cutsARowOverTheRecordLimitAndNamesItsLine() throws {
        let long = String(repeating: "x", count: 200)
        let text = "a,b,c\n1,2,3\n\(long),\(long),\(long)\n4,5,6\n"
        let reader = try CSVReader(path: try Fixtures.file(text), maxFieldBytes: 1_000, maxRecordBytes: 500)
        var records: [CSVRecord] = []
        while let record = reader.next() { records.append(record) }
        #expect(records.map(\.problem?.code) == [nil, .rowTooLong, nil])
        #expect(records[1].line == 3)
        #expect(records[1].problem?.message.contains("longer than 500 bytes") == true)
        #expect(records[1].fields.joined().utf8.count <= 500)
        #expect(records[2].fields == ["4", "5", "6"])
    }

    @Test func readsOtherCSVFilesWithoutRequestRules() throws {
        let records = try Fixtures.records("email,row,task_id\na@b.co,7,task-1\n")
        #expect(records == [CSVRecord(row: 1, line: 2, fields: ["a@b.co", "7", "task-1"])])
    }
}

/// Delimiters and encodings of spreadsheet exports, through the whole reader.
@Suite struct CSVReaderFormatTests {
    private func read(
        _ bytes: [UInt8], bufferSize: Int = 65_536, delimiter: UInt8? = nil, encoding: InputEncoding? = nil
    )
        throws -> (CSVReader, [CSVRecord])
    {
        let reader = try CSVReader(
            path: try Fixtures.file(bytes: bytes), bufferSize: bufferSize, delimiter: delimiter, encoding: encoding)
        var records: [CSVRecord] = []
        while let record = try reader.nextRecord() { records.append(record) }
        return (reader, records)
    }

    @Test(arguments: [(";", UInt8(0x3B)), ("\t", 0x09), ("|", 0x7C), (",", 0x2C)])
    func detectsTheDelimiterFromTheHeader(separator: String, byte: UInt8) throws {
        let text =
            ["email", "note", "id"].joined(separator: separator) + "\n"
            + ["a@b.co", "\"x, y; z|\t\"", "1"].joined(separator: separator) + "\n"
        let (reader, records) = try read(Array(text.utf8))
        #expect(reader.delimiter == byte)
        #expect(reader.header == ["email", "note", "id"])
        #expect(records.map(\.fields) == [["a@b.co", "x, y; z|\t", "1"]])
    }

    @Test func theGivenDelimiterWins() throws {
        let (reader, records) = try read(Array("email;x,y\na@b.co;1,2\n".utf8), delimiter: 0x2C)
        #expect(reader.header == ["email;x", "y"])
        #expect(records.map(\.fields) == [["a@b.co;1", "2"]])
    }

    @Test func anAmbiguousDelimiterIsRefused() throws {
        let path = try Fixtures.file("email;type,x\na@b.co;deletion,1\n")
        #expect(throws: RequestFileError.ambiguousDelimiter(path: path, candidates: ["\",\"", "\";\""])) {
            try CSVReader(path: path)
        }
    }

    private static func utf16(_ text: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        return bytes
    }

    /// Excel's "Unicode Text": UTF-16 with a byte order mark, TAB-separated, CRLF.
    @Test(arguments: [true, false], [3, 4, 7, 61, 65_536])
    func transcodesUTF16WithAByteOrderMark(bigEndian: Bool, bufferSize: Int) throws {
        let text = "Email Address\tNote\r\nzoë@b.co\t\"two\r\nlines 😀\"\r\nc@d.co\tx\r\n"
        let (reader, records) = try read(Self.utf16(text, bigEndian: bigEndian), bufferSize: max(4, bufferSize))
        #expect(reader.encoding == (bigEndian ? .utf16BigEndian : .utf16LittleEndian))
        #expect(reader.delimiter == 0x09)
        #expect(reader.header == ["Email Address", "Note"])
        #expect(records.map(\.fields) == [["zoë@b.co", "two\r\nlines 😀"], ["c@d.co", "x"]])
        #expect(records.map(\.line) == [2, 4])
        #expect(records.allSatisfy { $0.problem == nil })
    }

    @Test func aLoneSurrogateIsReportedOnItsLine() throws {
        var bytes = Self.utf16("email\tx\na@b.co\t", bigEndian: false)
        bytes += [0x00, 0xD8]  // a high surrogate followed by a plain character
        bytes += Self.utf16("y\nc@d.co\tz\n", bigEndian: false, bom: false)
        let (_, records) = try read(bytes)
        #expect(records.map(\.problem?.code) == [.invalidUTF8, nil])
        #expect(records[0].line == 2)
        #expect(records[0].problem?.message.contains("utf-16le") == true)
    }

    @Test func utf16WithoutAByteOrderMarkGetsTheFix() throws {
        let path = try Fixtures.file(bytes: Self.utf16("email,type\na@b.co,deletion\n", bigEndian: false, bom: false))
        #expect(throws: RequestFileError.utf16WithoutByteOrderMark(path: path, suggested: "utf-16le")) {
            try CSVReader(path: path)
        }
        let (_, records) = try read(
            Self.utf16("email,type\na@b.co,deletion\n", bigEndian: false, bom: false), encoding: .utf16LittleEndian)
        #expect(records.map(\.fields) == [["a@b.co", "deletion"]])
    }

    @Test func transcodesWindows1252AndLatin1WhenAsked() throws {
        // "Müller – 5 €" in Windows-1252: ü = FC, en dash = 96, euro = 80.
        let bytes =
            Array("email;name\na@b.co;M".utf8) + [0xFC] + Array("ller ".utf8) + [0x96] + Array(" 5 ".utf8)
            + [0x80] + Array("\n".utf8)
        let (_, windows) = try read(bytes, encoding: .windows1252)
        #expect(windows.map(\.fields) == [["a@b.co", "Müller – 5 €"]])
        let (_, latin1) = try read(bytes, encoding: .latin1)
        #expect(latin1.map(\.fields) == [["a@b.co", "Müller \u{96} 5 \u{80}"]])
    }

    @Test func invalidUTF8NamesTheLineAndTheEncodingFix() throws {
        let bytes = Array("email,name\na@b.co,ok\nc@d.co,M".utf8) + [0xFC] + Array("ller\n".utf8)
        let (_, records) = try read(bytes)
        #expect(records.map(\.problem?.code) == [nil, .invalidUTF8])
        #expect(records[1].line == 3)
        #expect(records[1].problem?.message.contains("--encoding windows-1252") == true)
    }

    @Test func anEncodingThatContradictsTheByteOrderMarkIsRefused() throws {
        let path = try Fixtures.file(bytes: [0xEF, 0xBB, 0xBF] + Array("email\na@b.co\n".utf8))
        #expect(throws: RequestFileError.encodingConflict(path: path, found: "utf-8", requested: "windows-1252")) {
            try CSVReader(path: path, encoding: .windows1252)
        }
    }

    @Test func readsTheSamples() throws {
        let (semicolon, semicolonRecords) = try read(
            Array(try Data(contentsOf: URL(fileURLWithPath: Samples.path("eu-export-semicolon.csv")))))
        #expect(semicolon.delimiter == 0x3B)
        #expect(semicolon.header.first == "E-mail")
        #expect(semicolonRecords.count == 4)
        #expect(semicolonRecords[0].fields[3] == "Kundin wünscht Löschung, per E-Mail")
        #expect(semicolon.blankRows == 1)
        let (utf16, utf16Records) = try read(
            Array(try Data(contentsOf: URL(fileURLWithPath: Samples.path("unicode-text-utf16.txt")))))
        #expect(utf16.encoding == .utf16LittleEndian)
        #expect(utf16.header == ["Email Address", "Request Type", "Holding Period (days)", "CRM Id"])
        #expect(utf16Records.map { $0.fields[2] } == ["21", "", ""])
    }
}
