import PrivacyBatchLedger

/// Work that belongs to one data row, so what is logged about its requests can name the row (and nothing
/// personal).
protocol NumberedRow {
    /// The data row number (1-based, header not counted).
    var row: Int { get }
}

extension PendingSubmission: NumberedRow {}
extension LedgerRow: NumberedRow {}
