/// Text held as a run of bytes inside a row's cells and built into a string only when it is read; see
/// `RowCells` for why.
///
/// One representation only, so that copying a request costs a single retain: text that starts as a
/// string is stored as a one-cell `RowCells`.
struct CellText: Sendable, Equatable {
    private let cells: RowCells
    private let offset: Int
    private let count: Int

    init(_ string: String) {
        cells = RowCells(CollectionOfOne(string))
        offset = 0
        count = string.utf8.count
    }

    /// The bytes `offset..<offset + count` of the cells' bytes, all cells back to back.
    init(_ cells: RowCells, offset: Int, count: Int) {
        self.cells = cells
        self.offset = offset
        self.count = count
    }

    var string: String {
        cells.storage.withBytes(offset: offset, count: count) { String(decoding: $0, as: UTF8.self) }
    }

    static func == (lhs: CellText, rhs: CellText) -> Bool {
        lhs.string == rhs.string
    }
}
