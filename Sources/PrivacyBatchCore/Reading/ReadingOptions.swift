/// How to read a request file when its own bytes do not say: given on the command line.
public struct ReadingOptions: Sendable, Equatable {
    /// The field separator; nil detects it from the header line (`,` `;` TAB `|`).
    public var delimiter: UInt8?
    /// The encoding; nil means UTF-8, or UTF-16 when the file starts with a UTF-16 byte order mark.
    public var encoding: InputEncoding?
    /// Header names given a role explicitly (`--column ROLE=HEADER`); they win over the alias table.
    /// A nil role means "only carried to the reports" (`--column none=HEADER`).
    public var columns: [ColumnAssignment]
    /// How to read received dates written day and month first or last (`03/04/2025`); nil refuses them.
    public var dateFormat: ReceivedDateFormat?

    /// Creates options; every value is optional.
    public init(
        delimiter: UInt8? = nil, encoding: InputEncoding? = nil, columns: [ColumnAssignment] = [],
        dateFormat: ReceivedDateFormat? = nil
    ) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.columns = columns
        self.dateFormat = dateFormat
    }
}
