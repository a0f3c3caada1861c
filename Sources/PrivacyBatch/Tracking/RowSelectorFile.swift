import Foundation

/// A CSV that names rows of a run by `task_id`, `row` or `email` (e.g. an edited copy of `outcomes.csv`).
///
/// When several of those columns are present the most precise wins: `task_id`, then `row`, then `email`.
public struct RowSelectorFile: Sendable {
    /// The column rows are selected by.
    public enum Key: String, Sendable {
        /// The API's task id.
        case taskId = "task_id"
        /// The data row number.
        case row
        /// The shopper's email (case-insensitive).
        case email
    }

    /// The column used.
    public let key: Key
    /// Its non-empty values, in file order.
    public let values: [String]

    /// Reads the file; fails when none of the columns is there.
    public init(path: String) throws {
        let reader = try CSVReader(path: path)
        let normalised = reader.header.map(ColumnRole.normalised)
        for key in [Key.taskId, .row, .email] {
            guard let index = normalised.firstIndex(of: key.rawValue) else { continue }
            var values: [String] = []
            while let record = try reader.nextRecord() {
                guard record.problem == nil, index < record.fields.count else {
                    throw ConfigurationError(
                        "\(path) line \(record.line): \(record.problem?.message ?? "missing cells"); fix the row")
                }
                let value = record.fields[index].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { values.append(value) }
            }
            self.key = key
            self.values = values
            return
        }
        throw ConfigurationError("\(path) has none of the columns task_id, row or email; add one to name the rows")
    }
}
