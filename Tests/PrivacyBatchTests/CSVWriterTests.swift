import Foundation
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct CSVWriterTests {
    private func contents(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func quotesOnlyWhenNeededAndEndsLinesWithLF() throws {
        let path = try Fixtures.directory() + "/out.csv"
        let writer = try CSVWriter(path: path)
        try writer.write(["plain", "with,comma", "say \"hi\"", "two\nlines", "cr\rhere", ""])
        try writer.write(["é ✓"])
        try writer.close()
        #expect(
            try contents(path) == "plain,\"with,comma\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\né ✓\n")
    }

    @Test(arguments: [
        ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-2", "'-2"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
        ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""), ("'already", "'already"), (" =x", " =x"),
    ])
    func neutralisesFormulas(input: String, expected: String) {
        #expect(CSVWriter.neutralised(input) == expected)
    }

    @Test func writesNeutralisedCellsAndQuotesThemWhenNeeded() throws {
        let path = try Fixtures.directory() + "/out.csv"
        let writer = try CSVWriter(path: path)
        try writer.write(["=1+2", "-3,4", "\rx"])
        try writer.close()
        #expect(try contents(path) == "'=1+2,\"'-3,4\",\"'\rx\"\n")
        let plain = try Fixtures.directory() + "/plain.csv"
        let raw = try CSVWriter(path: plain, neutraliseFormulas: false)
        try raw.write(["=1+2"])
        try raw.close()
        #expect(try contents(plain) == "=1+2\n")
    }

    @Test func createsFilesWithMode0600AndNarrowsExistingOnes() throws {
        let path = try Fixtures.directory() + "/out.csv"
        let writer = try CSVWriter(path: path)
        try writer.close()
        #expect(try mode(path) == 0o600)
        let existing = try Fixtures.file("old content that is long\n", name: "existing.csv")
        chmod(existing, 0o644)
        let again = try CSVWriter(path: existing)
        try again.write(["new"])
        try again.close()
        #expect(try mode(existing) == 0o600)
        #expect(try contents(existing) == "new\n")
    }

    @Test func roundTripsThroughTheReaderAcrossFlushes() throws {
        let path = try Fixtures.directory() + "/out.csv"
        let writer = try CSVWriter(path: path, neutraliseFormulas: false)
        try writer.write(["email", "note"])
        var expected: [[String]] = []
        for index in 0..<5_000 {
            let row = ["u\(index)@b.co", index % 3 == 0 ? "a, \"b\"\r\nc" : "n\(index)"]
            expected.append(row)
            try writer.write(row)
        }
        try writer.close()
        let reader = try CSVReader(path: path, bufferSize: 333)
        var read: [[String]] = []
        while let record = reader.next() {
            #expect(record.problem == nil)
            read.append(record.fields)
        }
        #expect(read == expected)
    }

    @Test func failsClearlyOnBadPathsAndClosedWriters() throws {
        let missing = try Fixtures.directory() + "/no/such/folder/out.csv"
        #expect(throws: CSVWriter.WriteError.self) { try CSVWriter(path: missing) }
        let writer = try CSVWriter(path: try Fixtures.directory() + "/out.csv")
        try writer.close()
        #expect(throws: CSVWriter.WriteError.self) { try writer.write(["x"]) }
        try writer.close()
    }
}
