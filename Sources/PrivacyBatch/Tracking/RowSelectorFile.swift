import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// A CSV that names rows of a run by `task_id`, `row` or `email` (e.g. an edited copy of `outcomes.csv`).
///
/// When several of those columns are present the most precise wins: `task_id`, then `row`, then `email`.
/// The values are read in batches and staged in the ledger (``stage(into:batchSize:)``), so a selection of a
/// million rows costs no more memory than one of ten.
public struct RowSelectorFile: Sendable {
    /// The column rows are selected by.
    public enum Key: String, Sendable {
        /// The API's task id.
        case taskId = "task_id"
        /// The data row number.
        case row
        /// The shopper's email (case-insensitive).
        case email

        /// The ledger's name for the same column.
        public var selectionKey: Ledger.SelectionKey {
            switch self {
            case .taskId: .taskId
            case .row: .row
            case .email: .email
            }
        }
    }

    /// The file's path.
    public let path: String
    /// The column used.
    public let key: Key
    private let column: Int

    /// Reads the file's header; fails when none of the columns is there.
    public init(path: String) throws {
        let reader = try CSVReader(path: path)
        let normalised = reader.header.map(ColumnRole.normalised)
        for key in [Key.taskId, .row, .email] {
            guard let index = normalised.firstIndex(of: key.rawValue) else { continue }
            self.path = path
            self.key = key
            column = index
            return
        }
        throw ConfigurationError("\(path) has none of the columns task_id, row or email; add one to name the rows")
    }

    /// Calls `body` with the column's non-empty values and their lines, in file order, `batchSize` at a time.
    public func forEachBatch(
        batchSize: Int = 1024,
        _ body: ([(value: String, line: Int)]) async throws -> Void
    ) async throws {
        let reader = try CSVReader(path: path)
        var batch: [(value: String, line: Int)] = []
        while let record = try reader.nextRecord() {
            guard record.problem == nil, column < record.fields.count else {
                throw ConfigurationError(
                    "\(path) line \(record.line): \(record.problem?.message ?? "missing cells"); fix the row")
            }
            let value = record.fields[column].trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { batch.append((value, record.line)) }
            if batch.count >= batchSize {
                try await body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await body(batch) }
    }

    /// Stages the file's values in `ledger` and returns the scope of the rows they name; emails are matched by
    /// keyed hash under `recordKey` (the run's), so minimised rows are found too.
    public func stage(
        into ledger: Ledger, recordKey: RecordKey? = nil, batchSize: Int = 1024
    ) async throws -> Ledger.Scope {
        try await ledger.clearSelection()
        try await forEachBatch(batchSize: batchSize) { values in
            try await ledger.stageSelection(key.selectionKey, values: values, recordKey: recordKey)
        }
        return .staged(key.selectionKey)
    }
}
