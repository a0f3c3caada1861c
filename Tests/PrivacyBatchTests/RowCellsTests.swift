import Foundation
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

@Suite struct RowCellsTests {
    @Test func holdsTheStringsItWasMadeOf() {
        let strings = ["", "a@b.co", "Zoë, \"quoted\"\r\nline", "", "T-1"]
        let cells = RowCells(strings)
        #expect(cells.count == 5)
        #expect(Array(cells) == strings)
        #expect(cells.strings == strings)
        #expect(cells[2] == "Zoë, \"quoted\"\r\nline")
        #expect(cells == RowCells(strings))
        #expect(cells != RowCells(["", "a@b.co"]))
        #expect(RowCells([String]()).isEmpty)
        let literal: RowCells = ["x", "y"]
        #expect(literal == RowCells(["x", "y"]))
        #expect(literal.description == #"["x", "y"]"#)
    }

    @Test func rowsKeepTheirOwnCopyOfTheCellsAfterTheReaderMovesOn() throws {
        // A 16-byte buffer is refilled many times over these rows, and the record storage is reused for
        // each: rows read earlier must not see later bytes.
        var text = "email,type,ticket\n"
        for index in 1...200 {
            text += " shopper\(index)@example.com ,deletion,\"T,\(index)\"\n"
        }
        let rows = try Fixtures.rows(text, bufferSize: 16)
        #expect(rows.count == 200)
        for (offset, row) in rows.enumerated() {
            let index = offset + 1
            #expect(row.values == [" shopper\(index)@example.com ", "deletion", "T,\(index)"])
            #expect(row.request?.email == "shopper\(index)@example.com")
        }
    }

    @Test func padsShortRowsCutsLongOnesAndReplacesInvalidUTF8() throws {
        let rows = try Fixtures.rows("email,type,ticket\na@b.co,deletion\nc@d.co,deletion,T2,extra\n")
        #expect(rows[0].values == ["a@b.co", "deletion", ""])
        #expect(rows[1].values == ["c@d.co", "deletion", "T2"])

        let bytes = Array("email,type,note\na@b.co,deletion,caf".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let reader = try RequestFileReader(path: try Fixtures.file(bytes: bytes))
        let row = try #require(try reader.nextRow())
        #expect(row.values[2] == "caf\u{FFFD}(")
        // The ledger stores the cells as they read, replacement character included.
        #expect(CellCodec.decode(CellCodec.encode(row.values)) == ["a@b.co", "deletion", "caf\u{FFFD}("])
        #expect(row.request == nil)
    }

    @Test func requestsReadFromAFileEqualRequestsMadeFromStrings() throws {
        let rows = try Fixtures.rows("email,type\n\tA@B.co  ,retrieval\n")
        let request = try #require(rows.first?.request)
        #expect(request == PrivacyRequest(type: .retrieval, email: "A@B.co"))
        var changed = request
        changed.email = "c@d.co"
        #expect(changed.email == "c@d.co")
        #expect(request.email == "A@B.co")
    }

    @Test func spansViewExactlyOneCellAndTextNamesARangeInsideIt() {
        let cells: RowCells = ["ab", "", " c@d.co\t", "é"]
        var seen: [[UInt8]] = []
        for index in cells.indices {
            seen.append(cells.withBytes(of: index) { ASCII.array($0) })
        }
        #expect(seen == [Array("ab".utf8), [], Array(" c@d.co\t".utf8), Array("é".utf8)])
        #expect(cells.byteRange(of: 2, bytes: 1..<7) == 3..<9)
        #expect(cells.string(of: 2, bytes: 1..<7) == "c@d.co")
        #expect(CellText(cells, cell: 2, bytes: 1..<7).string == "c@d.co")
        #expect(CellText(cells, cell: 1, bytes: 0..<0).string == "")
        #expect(CellText(cells, cell: 3, bytes: 0..<2) == CellText("é"))
    }

    @Test func cellsCrossTasks() async throws {
        let rows = try Fixtures.rows("email,type\na@b.co,deletion\n")
        let values = rows[0].values
        let echoed = await Task.detached { values.strings }.value
        #expect(echoed == ["a@b.co", "deletion"])
    }
}
