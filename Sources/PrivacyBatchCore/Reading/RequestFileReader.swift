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
    // Raw buffers rather than arrays: rows are moved in and out without the copies, uniqueness checks
    // and reversal an array of non-trivial elements costs per row.
    private let pending: UnsafeMutablePointer<InputRow>
    private let keyed: UnsafeMutablePointer<Keyed>
    @exclusivity(unchecked) private var pendingCount = 0
    @exclusivity(unchecked) private var nextPending = 0
    @exclusivity(unchecked) private var keyedCount = 0
    @exclusivity(unchecked) private var isFirstBatch = true

    /// How the header's columns are read.
    public let mapping: ColumnMapping
    /// The defaults rows are validated with.
    public let defaults: ValidationDefaults

    /// Opens a request file, reads its header and checks its columns.
    ///
    /// - Parameters:
    ///   - defaults: values for rows (or files) that leave them out.
    ///   - options: delimiter, encoding and explicit column roles, where the file's bytes do not say.
    ///   - bufferSize: bytes read at a time; the default is 64 KiB.
    ///   - maxFieldBytes: the longest field accepted, in bytes; the default is 64 KiB.
    /// - Throws: a file-level error: missing, unreadable, directory, not a regular file, empty, binary,
    ///   wrong encoding, ambiguous delimiter, no header, no email column, no request type (column or
    ///   default), two columns with one role, a column that looks like a role but is not mapped, bad default.
    public init(
        path: String, defaults: ValidationDefaults = .init(), options: ReadingOptions = .init(),
        bufferSize: Int = 65_536, maxFieldBytes: Int = 65_536
    ) throws(RequestFileError) {
        try RowValidator.check(defaults)
        reader = try CSVReader(
            path: path, bufferSize: bufferSize, maxFieldBytes: maxFieldBytes, delimiter: options.delimiter,
            encoding: options.encoding)
        mapping = try ColumnMapping(
            header: reader.header, assignments: options.columns, path: path,
            delimiter: DelimiterDetector.name(reader.delimiter))
        let columns = RequestColumns(mapping)
        if columns.requestType == nil, defaults.type == nil {
            throw .missingRequestType(path: path)
        }
        self.defaults = defaults
        validator = RowValidator(columns: columns, defaults: defaults, dateFormat: options.dateFormat)
        pending = .allocate(capacity: Self.batchSize)
        keyed = .allocate(capacity: Self.batchSize)
    }

    deinit {
        (pending + nextPending).deinitialize(count: pendingCount - nextPending)
        pending.deallocate()
        keyed.deallocate()
    }

    /// The path the reader was opened with.
    public var path: String { reader.path }

    /// Column names exactly as written in the header (byte order mark stripped).
    public var header: [String] { reader.header }

    /// Rows that held only delimiters and whitespace, skipped so far.
    public var blankRows: Int { reader.blankRows }

    /// The field separator, given or detected, as messages name it (`","`, `";"`, `TAB`, `"|"`).
    public var delimiterName: String { DelimiterDetector.name(reader.delimiter) }

    /// The encoding the file is read in.
    public var encoding: InputEncoding { reader.encoding }

    /// How the file is read, for `validate` and `run` to print before anything else.
    public var mappingDescription: [String] {
        mapping.describe(defaults: defaults, delimiter: delimiterName, encoding: encoding)
    }

    /// The I/O error that ended the rows early, if any.
    public var readError: RequestFileError? { reader.readError }

    /// Bytes held by the duplicate index, the only part of the reader that grows with the file.
    public var duplicateIndexFootprint: Int { duplicates.memoryFootprint }

    /// The next row, or nil at the end of the file (or after an I/O error: see `readError`).
    public func next() -> InputRow? {
        if nextPending == pendingCount {
            fillBatch()
            if isFirstBatch {
                isFirstBatch = false
                reserveDuplicateIndex()
            }
            if pendingCount == 0 { return nil }
        }
        // Moved out, not copied: the buffer no longer owns the row.
        let row = (pending + nextPending).move()
        nextPending += 1
        return row
    }

    /// Sizes the duplicate index once from the file size and the first batch: the number of rows is
    /// estimated from their average length, times the share of them that went into the index. This
    /// avoids regrowing the table about a dozen times on large files; if the estimate is short, the
    /// table still grows as usual. Memory stays at most about 15 bytes per estimated row.
    private func reserveDuplicateIndex() {
        guard let fileSize = reader.fileSize, pendingCount > 0, reader.bytesConsumed > 0 else { return }
        let estimatedRows = Double(fileSize) * Double(pendingCount) / Double(reader.bytesConsumed)
        let indexed = estimatedRows * Double(keyedCount) / Double(pendingCount)
        duplicates.reserveCapacity(Int(min(indexed, Double(Int32.max))))
    }

    /// Reads and validates up to `batchSize` rows, then checks the valid ones for duplicates together.
    ///
    /// Duplicate lookups hit random memory; issuing a batch of independent loads first lets the CPU
    /// wait for their cache misses in parallel instead of one after another. Rows are still checked in
    /// file order, so the outcome is the same as checking them one by one.
    private func fillBatch() {
        let batch = pending
        let keys = keyed
        let reader = reader
        // A local copy, so the validator (and its default strings) is not copied and released per row.
        let validator = validator
        var count = 0
        var keyCount = 0
        while count < Self.batchSize, reader.advance() {
            let cells = reader.makeCells()
            let row = reader.recordRow
            let line = reader.recordLine
            let verdict: RowVerdict
            if let problem = reader.currentProblem() {
                verdict = .invalid(problem)
            } else {
                switch validator.validate(cells) {
                case .invalid(let problem):
                    verdict = .invalid(problem)
                case .valid(let request, let key):
                    keys[keyCount] = Keyed(position: count, key: key)
                    keyCount += 1
                    verdict = .valid(request)
                }
            }
            (batch + count).initialize(to: InputRow(row: row, line: line, values: cells, verdict: verdict))
            count += 1
        }
        let entries = UnsafeBufferPointer(start: keys, count: keyCount)
        duplicates.touch(entries.lazy.map(\.key))
        for entry in entries {
            let line = batch[entry.position].line
            if let earlier = duplicates.lineOfEarlierEntry(forKey: entry.key, line: line) {
                batch[entry.position].verdict = .invalid(
                    RowProblem(code: .duplicate, message: "duplicate of line \(earlier)"))
            }
        }
        pendingCount = count
        nextPending = 0
        keyedCount = keyCount
    }

    /// The next row; throws instead of returning nil when reading fails part-way.
    public func nextRow() throws(RequestFileError) -> InputRow? {
        if let row = next() { return row }
        if let readError { throw readError }
        return nil
    }
}
