import PrivacyBatchCore
import Synchronization

/// A request file whose rows are read on blocking-I/O threads (``BlockingWork``), never on the cooperative pool.
///
/// The reader is handed over when this is made and is used only through the mutex, so one task at a time reads
/// it, wherever it runs.
public final class OffPoolRequestReader: Sendable {
    private let reader: Mutex<RequestFileReader>

    /// Takes over `reader`: nothing else may use it afterwards.
    public init(_ reader: sending RequestFileReader) {
        self.reader = Mutex(reader)
    }

    /// The result of `body`, given the reader on a blocking-I/O thread.
    public func withReader<T: Sendable>(_ body: @escaping @Sendable (RequestFileReader) throws -> T) async throws -> T {
        try await BlockingWork.run {
            try self.reader.withLock { reader in try body(reader) }
        }
    }

    /// The rows after row `storedRows`, until `validLimit` valid ones or `rowLimit` rows in all; `ended` when the
    /// file has no more (see ``RequestFileReader/nextUnstoredRows(after:validLimit:rowLimit:)``).
    public func nextUnstoredRows(
        after storedRows: Int, validLimit: Int, rowLimit: Int
    ) async throws -> (
        rows: [InputRow], ended: Bool
    ) {
        try await withReader { reader in
            try reader.nextUnstoredRows(after: storedRows, validLimit: validLimit, rowLimit: rowLimit)
        }
    }
}
