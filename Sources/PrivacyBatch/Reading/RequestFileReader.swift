/// Streams and validates a request file in constant memory (apart from the duplicate index).
///
/// Each call to `next()` returns one data row with its verdict: a `PrivacyRequest`, or a problem
/// with a stable code. Malformed records and invalid rows never stop the reading; only file-level
/// problems do, and those are thrown by `init` before any row is read. An I/O error part-way ends
/// the rows early: `next()` returns nil and `readError` says why, or use `nextRow()`, which throws it.
public final class RequestFileReader {
    private let reader: CSVReader
    private let validator: RowValidator
    private let duplicates = DuplicateIndex()

    // Exclusivity is unchecked on the mutable properties: the reader is single-threaded, no access is
    // held across a call, and the dynamic checks cost more than the per-byte work they guard.

    /// A valid row of the batch waiting for its duplicate check.
    private struct Keyed {
        var position: Int
        var key: UInt64
    }

    private static let batchSize = 32
    @exclusivity(unchecked) private var pending: [InputRow] = []
    @exclusivity(unchecked) private var keyed: [Keyed] = []
    @exclusivity(unchecked) private var isFirstBatch = true

    /// Opens a request file, reads its header and checks its columns.
    ///
    /// - Parameters:
    ///   - defaults: values for rows (or files) that leave them out.
    ///   - bufferSize: bytes read at a time; the default is 64 KiB.
    ///   - maxFieldBytes: the longest field accepted, in bytes; the default is 64 KiB.
    /// - Throws: a file-level error: missing, unreadable, directory, empty, binary, no header, no
    ///   `email` column, no request type (column or default), two columns with one role, bad default.
    public init(
        path: String, defaults: ValidationDefaults = .init(), bufferSize: Int = 65_536, maxFieldBytes: Int = 65_536
    ) throws(RequestFileError) {
        try RowValidator.check(defaults)
        reader = try CSVReader(path: path, bufferSize: bufferSize, maxFieldBytes: maxFieldBytes)
        let columns = try RequestColumns(header: reader.header, path: path)
        if columns.requestType == nil, defaults.type == nil {
            throw .missingRequestType(path: path)
        }
        validator = RowValidator(columns: columns, defaults: defaults)
        pending.reserveCapacity(Self.batchSize)
        keyed.reserveCapacity(Self.batchSize)
    }

    /// The path the reader was opened with.
    public var path: String { reader.path }

    /// Column names exactly as written in the header (byte order mark stripped).
    public var header: [String] { reader.header }

    /// The I/O error that ended the rows early, if any.
    public var readError: RequestFileError? { reader.readError }

    /// Bytes held by the duplicate index, the only part of the reader that grows with the file.
    public var duplicateIndexFootprint: Int { duplicates.memoryFootprint }

    /// The next row, or nil at the end of the file (or after an I/O error: see `readError`).
    public func next() -> InputRow? {
        if pending.isEmpty {
            fillBatch()
            if isFirstBatch {
                isFirstBatch = false
                reserveDuplicateIndex()
            }
        }
        // The batch is stored in reverse so rows are moved out, not copied and released later.
        return pending.popLast()
    }

    /// Sizes the duplicate index once from the file size and the first batch: the number of rows is
    /// estimated from their average length, times the share of them that went into the index. This
    /// avoids regrowing the table about a dozen times on large files; if the estimate is short, the
    /// table still grows as usual. Memory stays at most about 15 bytes per estimated row.
    private func reserveDuplicateIndex() {
        guard let fileSize = reader.fileSize, !pending.isEmpty, reader.bytesConsumed > 0 else { return }
        let estimatedRows = Double(fileSize) * Double(pending.count) / Double(reader.bytesConsumed)
        let indexed = estimatedRows * Double(keyed.count) / Double(pending.count)
        duplicates.reserveCapacity(Int(min(indexed, Double(Int32.max))))
    }

    /// Reads and validates up to `batchSize` rows, then checks the valid ones for duplicates together.
    ///
    /// Duplicate lookups hit random memory; issuing a batch of independent loads first lets the CPU
    /// wait for their cache misses in parallel instead of one after another. Rows are still checked in
    /// file order, so the outcome is the same as checking them one by one.
    private func fillBatch() {
        // Work on local arrays: appending to a class's array property pays a dynamic exclusivity check.
        var batch: [InputRow] = []
        var keys: [Keyed] = []
        swap(&batch, &pending)
        swap(&keys, &keyed)
        batch.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        let reader = reader
        while batch.count < Self.batchSize, reader.advance() {
            let values = reader.fieldStrings()
            let row = reader.recordRow
            let line = reader.recordLine
            if let problem = reader.currentProblem() {
                batch.append(InputRow(row: row, line: line, values: values, verdict: .invalid(problem)))
                continue
            }
            switch validator.validate(reader, values: values) {
            case .invalid(let problem):
                batch.append(InputRow(row: row, line: line, values: values, verdict: .invalid(problem)))
            case .valid(let request, let key):
                keys.append(Keyed(position: batch.count, key: key))
                batch.append(InputRow(row: row, line: line, values: values, verdict: .valid(request)))
            }
        }
        duplicates.touch(keys.lazy.map(\.key))
        for entry in keys {
            let line = batch[entry.position].line
            if let earlier = duplicates.lineOfEarlierEntry(forKey: entry.key, line: line) {
                batch[entry.position].verdict = .invalid(
                    RowProblem(code: .duplicate, message: "duplicate of line \(earlier)"))
            }
        }
        batch.reverse()
        swap(&batch, &pending)
        swap(&keys, &keyed)
    }

    /// The next row; throws instead of returning nil when reading fails part-way.
    public func nextRow() throws(RequestFileError) -> InputRow? {
        if let row = next() { return row }
        if let readError { throw readError }
        return nil
    }
}
