import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// What a row looks like once minimised: every cell the file carried emptied, except the columns the run keeps
/// (the request's type, holding period and received date, and `--keep-column`s), and the email masked.
struct RowMasking {
    let record: RunRecord

    /// The minimisation of `row`; `givesUp` for an open-order failure that can no longer be sent again.
    func minimisation(of row: LedgerRow, givesUp: Bool, archiveDeleted: Bool) -> RowMinimisation {
        let emailCell = record.emailColumn.flatMap { $0 < row.values.count ? row.values[$0] : nil }
        let address = row.email ?? emailCell
        let masked = address.map(MaskedEmail.mask).flatMap { $0.isEmpty ? nil : $0 }
        let kept = Set(record.keptColumns)
        let cells = row.values.enumerated().map { index, cell -> String in
            if kept.contains(index) { return cell }
            // Runs from before the email column was recorded: the cell holding the row's address is the email's.
            let isEmail =
                index == record.emailColumn
                || (record.emailColumn == nil && row.email.map { Self.sameAddress(cell, $0) } == true)
            return isEmail ? MaskedEmail.mask(cell) : ""
        }
        var message = row.errorMessage
        if let address, let found = message, !address.isEmpty {
            let trimmed = address.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty {
                message = found.replacingOccurrences(
                    of: trimmed, with: MaskedEmail.mask(trimmed), options: .caseInsensitive)
            }
        }
        return RowMinimisation(
            row: row.row, maskedEmail: masked, cells: cells, errorMessage: message, givesUp: givesUp,
            archiveDeleted: archiveDeleted)
    }

    private static func sameAddress(_ cell: String, _ email: String) -> Bool {
        cell.trimmingCharacters(in: .whitespaces).lowercased()
            == email.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
