/// One data row of a request file with its verdict.
public struct InputRow: Sendable {
    /// The data row number, from 1; the header and blank lines are not counted.
    public var row: Int
    /// The physical line the row starts on; the header is line 1.
    public var line: Int
    /// The original cells, exactly one per header column: padded with "" when the row is short and
    /// with extra cells dropped; cells are not trimmed. Other columns (ticket ids, CRM ids) are here.
    public var values: RowCells
    /// Whether the row can be submitted, and as what.
    public var verdict: RowVerdict

    /// Creates a row.
    public init(row: Int, line: Int, values: RowCells, verdict: RowVerdict) {
        self.row = row
        self.line = line
        self.values = values
        self.verdict = verdict
    }
}
