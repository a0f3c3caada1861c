/// What minimising one row writes: its personal values replaced by their masked forms.
///
/// The shopper's keyed hash (`subject`), the request's type, holding period, reason, task ids, dates and statuses
/// stay: they are the proof. The email, the cells the file carried and any message quoting the address go.
public struct RowMinimisation: Sendable, Equatable {
    /// The data row.
    public var row: Int
    /// The masked email (`a•••@example.com`), or `nil` when the row had none.
    public var maskedEmail: String?
    /// The row's cells with every value not kept replaced.
    public var cells: [String]
    /// The error message without the address.
    public var errorMessage: String?
    /// Whether its open-order failure is given up with it: the request cannot be sent again without the email.
    public var givesUp: Bool
    /// Whether its archive file was deleted with it.
    public var archiveDeleted: Bool

    /// Creates a row's minimisation.
    public init(
        row: Int, maskedEmail: String?, cells: [String], errorMessage: String?, givesUp: Bool, archiveDeleted: Bool
    ) {
        self.row = row
        self.maskedEmail = maskedEmail
        self.cells = cells
        self.errorMessage = errorMessage
        self.givesUp = givesUp
        self.archiveDeleted = archiveDeleted
    }
}
