/// One record of a CSV file as read by `CSVReader`.
public struct CSVRecord: Sendable, Equatable {
    /// The data row number, from 1; the header and blank lines are not counted.
    public var row: Int
    /// The physical line the record starts on; the header is line 1.
    public var line: Int
    /// Exactly one cell per header column: padded with "" when the record is short, extra cells
    /// dropped. Cells of a record with invalid UTF-8 hold U+FFFD in place of the bad bytes.
    public var fields: [String]
    /// Why the record is malformed, or nil when it is well-formed.
    public var problem: RowProblem?

    /// Creates a record.
    public init(row: Int, line: Int, fields: [String], problem: RowProblem? = nil) {
        self.row = row
        self.line = line
        self.fields = fields
        self.problem = problem
    }
}
