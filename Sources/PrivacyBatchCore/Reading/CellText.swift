/// Text held as a run of bytes inside a row's cells and built into a string only when it is read; see
/// `RowCells` for why.
///
/// One representation only, so that copying a request costs a single retain: text that starts as a
/// string is stored as a one-cell `RowCells`.
struct CellText: Sendable, Equatable {
    private let cells: RowCells
    /// Where the text lies in the cells' bytes, all cells back to back; checked against them once, when
    /// the text is made.
    private let bytes: Range<Int>

    init(_ string: String) {
        cells = RowCells(CollectionOfOne(string))
        bytes = 0..<string.utf8.count
    }

    /// The bytes `range` of cell `index`, numbered as the cell's span numbers them (`RowCells.withBytes`);
    /// traps unless the cell holds them, so a wrong range can never name another cell's text.
    init(_ cells: RowCells, cell index: Int, bytes range: Range<Int>) {
        self.cells = cells
        bytes = cells.byteRange(of: index, bytes: range)
    }

    var string: String {
        cells.storage.withBytes(in: bytes) { String(decoding: $0, as: UTF8.self) }
    }

    static func == (lhs: CellText, rhs: CellText) -> Bool {
        lhs.string == rhs.string
    }
}
