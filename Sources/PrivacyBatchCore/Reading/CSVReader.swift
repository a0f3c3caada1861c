#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams RFC 4180 records from a file with a header row, in constant memory.
///
/// The reader works on bytes read with `read(2)` into one fixed-size buffer. It accepts UTF-8 with or
/// without a byte order mark (read as is), UTF-16 with a byte order mark and, when asked, Windows-1252
/// or Latin-1 (transcoded to UTF-8 while streaming); LF, CRLF and lone CR line ends; quoted fields
/// holding delimiters, doubled quotes and line breaks. The delimiter (`,` `;` TAB `|`) is detected from
/// the header unless given. Blank lines (empty, or only delimiters, spaces and tabs) are skipped, not
/// counted as rows, and counted in `blankRows`. Only regular files are read: a pipe or a device cannot
/// be read twice, and resuming a run needs that. A malformed record becomes a record with a `problem`,
/// and reading goes on:
///
/// - a quote left open at the end of the file, or a quoted field over the size limit, is taken to be a
///   stray quote: the record is reported and reading resumes on the line after the opening quote;
/// - a quote inside an unquoted field, or text after a closing quote, is kept as text and reported;
/// - a record with more or fewer fields than the header is reported;
/// - a field with invalid UTF-8 or over `maxFieldBytes` bytes is reported (the kept cell is cut);
/// - a record over `maxRecordBytes` bytes is reported as `ROW_TOO_LONG` (its cells are cut).
///
/// Memory stays bounded: only fields up to the header's width are stored, each up to the limit, and a
/// record up to its own limit. A transcoded file cannot be re-read at a byte offset, so there a stray
/// quote swallows the rest of the file into one reported record (or up to the record limit).
/// The reader is not thread-safe; use one per file.
public final class CSVReader {
    /// The path the reader was opened with.
    public let path: String
    /// The column names of the header row exactly as written (byte order mark stripped).
    @exclusivity(unchecked) public private(set) var header: [String] = []
    /// The I/O error that ended reading early, if any; `next()` returned nil because of it.
    @exclusivity(unchecked) public private(set) var readError: RequestFileError?

    /// The largest number of bytes a field may hold.
    public let maxFieldBytes: Int
    /// The largest number of bytes a record's stored cells may hold together.
    public let maxRecordBytes: Int
    /// The field separator, given or detected.
    public let delimiter: UInt8
    /// The file's encoding, given or detected from its byte order mark.
    public let encoding: InputEncoding
    /// Rows after the header that hold only delimiters, spaces and tabs (or nothing), which are skipped.
    @exclusivity(unchecked) public private(set) var blankRows = 0

    /// The most columns a header may have; more is taken for a file that is not a request file.
    static let maxColumns = 4_096

    // Exclusivity is unchecked on the mutable properties: the reader is single-threaded, no access is
    // held across a call, and the dynamic checks cost more than the per-byte work they guard.

    private enum State: UInt8 {
        case fieldStart
        case unquoted
        case quoted
        case quoteInQuoted
        case skipLine
    }

    @exclusivity(unchecked) private var descriptor: Int32
    /// Whether a stray quote can be recovered from by seeking back: only untranscoded files.
    private let seekable: Bool
    /// Set for a file that is not UTF-8: raw bytes are read into `rawBuffer` and transcoded into `buffer`.
    @exclusivity(unchecked) private var transcoder: Transcoder?
    private let rawBuffer: UnsafeMutablePointer<UInt8>?
    private let rawBufferSize: Int
    /// The file's size in bytes.
    let fileSize: Int?
    private let buffer: UnsafeMutablePointer<UInt8>
    private let bufferSize: Int
    @exclusivity(unchecked) private var bufferPosition = 0
    @exclusivity(unchecked) private var bufferEnd = 0
    /// File offset of `buffer[0]`, needed to resume after a stray quote.
    @exclusivity(unchecked) private var bufferFileOffset: Int64 = 0
    @exclusivity(unchecked) private var atEndOfFile = false
    @exclusivity(unchecked) private var isFirstRead = true

    @exclusivity(unchecked) private var state = State.fieldStart
    @exclusivity(unchecked) private var line = 1
    @exclusivity(unchecked) private var previousWasCarriageReturn = false
    @exclusivity(unchecked) private var rowCounter = 0

    // The record being built: the cells' unescaped bytes back to back, and where each cell ends.
    @exclusivity(unchecked) private var storage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var storageCapacity: Int
    @exclusivity(unchecked) private(set) var storageCount = 0
    // A raw buffer, not an Array: appending to an Array property costs a dynamic exclusivity check per field.
    @exclusivity(unchecked) private var fieldEnds: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var fieldEndsCapacity = 16
    @exclusivity(unchecked) private(set) var storedFieldCount = 0
    @exclusivity(unchecked) private(set) var fieldCount = 0
    @exclusivity(unchecked) private var storedFieldLimit = Int.max
    @exclusivity(unchecked) private var fieldStartInStorage = 0
    @exclusivity(unchecked) private var fieldByteCount = 0
    @exclusivity(unchecked) private var fieldHasNonASCII = false
    @exclusivity(unchecked) private var recordHadQuote = false
    @exclusivity(unchecked) private var unstoredFieldHadText = false
    @exclusivity(unchecked) private var quoteFileOffset: Int64 = 0
    @exclusivity(unchecked) private var quoteLine = 1

    /// Spare bytes after the read buffer and the record storage; see `append`.
    private static let copySlack = 8

    @exclusivity(unchecked) private var headerCount = 0

    /// The first problem of the current record and the 0-based field it concerns.
    @exclusivity(unchecked) private(set) var problem: RowErrorCode?
    @exclusivity(unchecked) private(set) var problemField = 0
    /// Row and line of the current record.
    @exclusivity(unchecked) private(set) var recordRow = 0
    @exclusivity(unchecked) private(set) var recordLine = 1

    /// Opens a file and reads its header row.
    ///
    /// - Parameters:
    ///   - bufferSize: bytes read at a time (at least 4); the default is 64 KiB.
    ///   - maxFieldBytes: the longest field accepted, in bytes; the default is 64 KiB.
    ///   - maxRecordBytes: the longest record accepted, in bytes; the default is 1 MiB.
    ///   - delimiter: the field separator; nil detects it from the header.
    ///   - encoding: the encoding; nil reads UTF-8, or UTF-16 after a UTF-16 byte order mark.
    /// - Throws: a file-level error when the file is missing, a directory, not a regular file, unreadable,
    ///   empty, binary (NUL bytes in its first 64 KiB), its byte order mark contradicts `encoding`, its
    ///   delimiter is ambiguous, or it has a malformed header line.
    public init(
        path: String, bufferSize: Int = 65_536, maxFieldBytes: Int = 65_536, maxRecordBytes: Int = 1 << 20,
        delimiter: UInt8? = nil, encoding: InputEncoding? = nil
    ) throws(RequestFileError) {
        self.path = path
        self.maxFieldBytes = max(1, maxFieldBytes)
        self.maxRecordBytes = max(1, maxRecordBytes)
        let opened = try Self.openFile(path: path)
        let format: (encoding: InputEncoding, bomLength: Int)
        do {
            format = try Self.format(of: opened.head, requested: encoding, path: path)
        } catch {
            _ = close(opened.descriptor)
            throw error
        }
        descriptor = opened.descriptor
        self.encoding = format.encoding
        fileSize = opened.size
        self.bufferSize = max(4, bufferSize)
        if format.encoding.isUTF8 {
            seekable = true
            transcoder = nil
            rawBuffer = nil
            rawBufferSize = 0
        } else {
            seekable = false
            transcoder = Transcoder(encoding: format.encoding)
            // Sized so a full raw chunk always fits the read buffer once transcoded.
            rawBufferSize = max(1, (self.bufferSize - 4) / 3)
            rawBuffer = .allocate(capacity: rawBufferSize)
            if format.bomLength > 0 { _ = lseek(opened.descriptor, off_t(format.bomLength), SEEK_SET) }
        }
        let sample = Array(opened.head.dropFirst(format.bomLength))
        let decoded = format.encoding.isUTF8 ? sample : Transcoder.transcoded(sample[...], encoding: format.encoding)
        if let delimiter {
            self.delimiter = delimiter
        } else {
            switch DelimiterDetector.detect(decoded, complete: opened.head.count == opened.size) {
            case .delimiter(let found):
                self.delimiter = found
            case .ambiguous(let candidates):
                _ = close(opened.descriptor)
                rawBuffer?.deallocate()
                throw .ambiguousDelimiter(path: path, candidates: candidates.map(DelimiterDetector.name))
            }
        }
        // Both buffers get `copySlack` spare bytes so `append` can copy whole words past a field's end.
        buffer = .allocate(capacity: self.bufferSize + Self.copySlack)
        buffer.initialize(repeating: 0, count: self.bufferSize + Self.copySlack)
        storageCapacity = min(1_024, self.maxRecordBytes)
        storage = .allocate(capacity: storageCapacity + Self.copySlack)
        fieldEnds = .allocate(capacity: fieldEndsCapacity)
        storedFieldLimit = Self.maxColumns

        guard advance() else {
            if let readError { throw readError }
            throw .empty(path: path)
        }
        if fieldCount > Self.maxColumns {
            throw .malformedHeader(path: path, code: .tooManyFields)
        }
        if let problem {
            throw .malformedHeader(path: path, code: problem)
        }
        header = (0..<fieldCount).map { fieldString($0) }
        storedFieldLimit = header.count
        headerCount = header.count
        // The header is not a data row, and blank lines before it are not blank rows.
        rowCounter = 0
        blankRows = 0
    }

    deinit {
        closeDescriptor()
        buffer.deallocate()
        rawBuffer?.deallocate()
        storage.deallocate()
        fieldEnds.deallocate()
    }

    /// The next record, or nil at the end of the file or after an I/O error (see `readError`).
    public func next() -> CSVRecord? {
        guard advance() else { return nil }
        return CSVRecord(row: recordRow, line: recordLine, fields: fieldStrings(), problem: currentProblem())
    }

    /// The next record; throws instead of returning nil when reading fails part-way.
    public func nextRecord() throws(RequestFileError) -> CSVRecord? {
        if let record = next() { return record }
        if let readError { throw readError }
        return nil
    }

    // MARK: Raw access for RequestFileReader, which validates bytes before building strings.

    /// The bytes of stored field `index`, empty for fields the record does not have.
    @inline(__always)
    func fieldBytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index < storedFieldCount else { return UnsafeBufferPointer(start: storage, count: 0) }
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return UnsafeBufferPointer(start: storage + start, count: fieldEnds[index] - start)
    }

    /// Bytes of the file consumed so far.
    var bytesConsumed: Int { Int(bufferFileOffset) + bufferPosition }

    /// Field `index` as a String; invalid UTF-8 is replaced by U+FFFD.
    func fieldString(_ index: Int) -> String {
        String(decoding: fieldBytes(index), as: UTF8.self)
    }

    /// One string per header column, padded with "" and with extra cells dropped.
    func fieldStrings() -> [String] {
        makeCells().strings
    }

    /// The current record's cells, one per header column, padded with "" and with extra cells
    /// dropped, copied in one allocation; byte `i` of the cells is `storage[i]`.
    func makeCells() -> RowCells {
        let stored = min(storedFieldCount, headerCount)
        let byteCount = stored == 0 ? 0 : fieldEnds[stored - 1]
        let ends = fieldEnds
        return RowCells(
            storage: .make(
                count: headerCount, bytes: UnsafeBufferPointer(start: storage, count: byteCount),
                ends: { $0 < stored ? ends[$0] : byteCount }))
    }

    /// The current record's CSV problem with a message naming the field, or nil.
    func currentProblem() -> RowProblem? {
        guard let problem else { return nil }
        let name = problemField < header.count ? "\"\(header[problemField])\"" : "\(problemField + 1)"
        let field = "field \(problemField + 1) (\(name))"
        let message: String
        switch problem {
        case .unterminatedQuote:
            message = "\(field) opens a quote that is never closed; close it or double the quote (\"\")"
        case .unexpectedQuote:
            message = "\(field) has a quote inside an unquoted value; quote the whole field and double inner quotes"
        case .tooManyFields, .tooFewFields:
            message =
                "the row has \(fieldCount) field\(fieldCount == 1 ? "" : "s") but the header has \(header.count)"
        case .invalidUTF8 where encoding.isUTF8:
            message =
                "\(field) is not valid UTF-8; save the file as UTF-8, or pass --encoding windows-1252 "
                + "(or latin1) if it was saved by Excel on Windows"
        case .invalidUTF8:
            message = "\(field) holds bytes that are not text in \(encoding.rawValue); check --encoding"
        case .rowTooLong:
            message =
                "the row is longer than \(maxRecordBytes) bytes, or \(field) opens a quote that is never closed"
        case .fieldTooLong:
            message = "\(field) is longer than \(maxFieldBytes) bytes, or opens a quote that is never closed"
        default:
            message = problem.rawValue
        }
        return RowProblem(code: problem, message: message)
    }

    /// Reads the next record into `storage`; false at the end of the file.
    func advance() -> Bool {
        resetRecord()
        while true {
            if bufferPosition == bufferEnd, !refill() {
                return finishAtEndOfFile()
            }
            if scan() { return true }
        }
    }

    // MARK: Scanning

    private func resetRecord() {
        storageCount = 0
        storedFieldCount = 0
        fieldCount = 0
        fieldStartInStorage = 0
        fieldByteCount = 0
        fieldHasNonASCII = false
        recordHadQuote = false
        unstoredFieldHadText = false
        problem = nil
        problemField = 0
        recordLine = line
    }

    /// Consumes buffered bytes; true when a record is complete.
    private func scan() -> Bool {
        let bytes = buffer
        let end = bufferEnd
        let delimiter = delimiter
        let delimiterWord = 0x0101_0101_0101_0101 &* UInt64(delimiter)
        var index = bufferPosition
        while index < end {
            switch state {
            case .fieldStart:
                let byte = bytes[index]
                if byte == ASCII.quote {
                    state = .quoted
                    recordHadQuote = true
                    quoteFileOffset = bufferFileOffset + Int64(index)
                    quoteLine = line
                    previousWasCarriageReturn = false
                    index += 1
                } else if byte == delimiter {
                    endField()
                    previousWasCarriageReturn = false
                    index += 1
                } else if byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
                    // The LF of a CRLF whose CR ended the previous record is not a blank line.
                    let endsCRLF = byte == ASCII.lineFeed && previousWasCarriageReturn
                    countLineBreak(byte)
                    index += 1
                    if fieldCount == 0 {
                        if !endsCRLF { blankRows += 1 }
                        recordLine = line
                    } else {
                        endField()
                        if endRecord() {
                            bufferPosition = index
                            return true
                        }
                    }
                } else {
                    state = .unquoted
                }
            case .unquoted:
                var combined: UInt8 = 0
                let scanEnd = Self.firstSpecialByte(
                    bytes, from: index, to: end, delimiterWord: delimiterWord, combined: &combined)
                if scanEnd > index {
                    _ = append(bytes + index, count: scanEnd - index, combined: combined)
                    previousWasCarriageReturn = false
                }
                index = scanEnd
                if scanEnd == end { break }
                let byte = bytes[scanEnd]
                index += 1
                if byte == delimiter {
                    endField()
                    // Most fields start with an ordinary byte: going straight on in `.unquoted` skips a
                    // pass through `.fieldStart`, which would only switch to `.unquoted` itself.
                    state =
                        index < end && !Self.isSpecialAtFieldStart(bytes[index], delimiter: delimiter)
                        ? .unquoted : .fieldStart
                    previousWasCarriageReturn = false
                } else if byte == ASCII.quote {
                    flag(.unexpectedQuote)
                    _ = append(bytes + scanEnd, count: 1, combined: byte)
                    previousWasCarriageReturn = false
                } else {
                    countLineBreak(byte)
                    endField()
                    state = .fieldStart
                    if endRecord() {
                        bufferPosition = index
                        return true
                    }
                }
            case .quoted:
                var combined: UInt8 = 0
                let scanEnd = Self.firstSpecialByte(
                    bytes, from: index, to: end, delimiterWord: nil, combined: &combined)
                var overflowed = false
                if scanEnd > index {
                    overflowed = !append(bytes + index, count: scanEnd - index, combined: combined)
                    previousWasCarriageReturn = false
                }
                index = scanEnd
                if overflowed, seekable {
                    bufferPosition = index
                    return recoverFromStrayQuote(.fieldTooLong)
                }
                if scanEnd == end { break }
                let byte = bytes[scanEnd]
                index += 1
                if byte == ASCII.quote {
                    state = .quoteInQuoted
                    previousWasCarriageReturn = false
                } else {
                    countLineBreak(byte)
                    if !append(bytes + scanEnd, count: 1, combined: byte), seekable {
                        bufferPosition = index
                        return recoverFromStrayQuote(.fieldTooLong)
                    }
                }
            case .quoteInQuoted:
                let byte = bytes[index]
                if byte == ASCII.quote {
                    state = .quoted
                    index += 1
                    previousWasCarriageReturn = false
                    if !append(bytes + index - 1, count: 1, combined: byte), seekable {
                        bufferPosition = index
                        return recoverFromStrayQuote(.fieldTooLong)
                    }
                } else if byte == delimiter {
                    endField()
                    state = .fieldStart
                    previousWasCarriageReturn = false
                    index += 1
                } else if byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
                    countLineBreak(byte)
                    index += 1
                    endField()
                    state = .fieldStart
                    if endRecord() {
                        bufferPosition = index
                        return true
                    }
                } else {
                    // Text after a closing quote: keep it as part of the cell and report it.
                    flag(.unexpectedQuote)
                    state = .unquoted
                }
            case .skipLine:
                var scanEnd = index
                while scanEnd < end, bytes[scanEnd] != ASCII.lineFeed, bytes[scanEnd] != ASCII.carriageReturn {
                    scanEnd += 1
                }
                index = scanEnd
                if scanEnd == end { break }
                previousWasCarriageReturn = false
                countLineBreak(bytes[scanEnd])
                index += 1
                state = .fieldStart
                recordLine = line
            }
        }
        bufferPosition = index
        return false
    }

    /// The index of the first quote, CR, LF (or delimiter, if given as a word of it) in
    /// `bytes[start..<end]`, or `end`.
    /// `combined` gets a byte with its high bit set if any byte before that index is not ASCII.
    ///
    /// Eight bytes are tested at a time with the classic "has zero byte" bit trick, because this loop
    /// sees every byte of the file and fields are short.
    @inline(__always)
    private static func firstSpecialByte(
        _ bytes: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int, delimiterWord: UInt64?,
        combined: inout UInt8
    ) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ value: UInt64) -> UInt64 {
            (value &- ones) & ~value & high
        }
        let raw = UnsafeRawPointer(bytes)
        var index = start
        var highBits: UInt64 = 0
        while index + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            var found =
                zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x0A))
                | zeroBytes(word ^ (ones &* 0x0D))
            if let delimiterWord {
                found |= zeroBytes(word ^ delimiterWord)
            }
            if found != 0 {
                // Only the lowest flag is exact; it marks the first special byte.
                let offset = found.trailingZeroBitCount / 8
                let before: UInt64 = offset == 0 ? 0 : (~0 as UInt64) >> (64 - 8 * UInt64(offset))
                highBits |= word & high & before
                combined |= highBits != 0 ? 0x80 : 0
                return index + offset
            }
            highBits |= word & high
            index += 8
        }
        var tail: UInt8 = 0
        let stopAtDelimiter = delimiterWord != nil
        let delimiter = UInt8(truncatingIfNeeded: delimiterWord ?? 0)
        while index < end {
            let byte = bytes[index]
            if byte == ASCII.quote || byte == ASCII.lineFeed || byte == ASCII.carriageReturn
                || (stopAtDelimiter && byte == delimiter)
            {
                break
            }
            tail |= byte
            index += 1
        }
        combined |= (highBits != 0 ? 0x80 : 0) | tail
        return index
    }

    /// Whether `.fieldStart` treats the byte specially (quote, delimiter, line break).
    @inline(__always)
    private static func isSpecialAtFieldStart(_ byte: UInt8, delimiter: UInt8) -> Bool {
        byte == ASCII.quote || byte == delimiter || byte == ASCII.lineFeed || byte == ASCII.carriageReturn
    }

    @inline(__always)
    private func countLineBreak(_ byte: UInt8) {
        if byte == ASCII.carriageReturn {
            line += 1
            previousWasCarriageReturn = true
        } else {
            if !previousWasCarriageReturn { line += 1 }
            previousWasCarriageReturn = false
        }
    }

    @inline(__always)
    private func flag(_ code: RowErrorCode) {
        if problem == nil {
            problem = code
            problemField = fieldCount
        }
    }

    /// Adds bytes to the open field; false when the field went over the limit (the excess is dropped).
    @inline(__always)
    private func append(_ source: UnsafePointer<UInt8>, count: Int, combined: UInt8) -> Bool {
        fieldByteCount += count
        if combined >= 0x80 { fieldHasNonASCII = true }
        guard fieldCount < storedFieldLimit else {
            if !unstoredFieldHadText { noteUnstoredBytes(source, count: count) }
            return fieldByteCount <= maxFieldBytes
        }
        var kept = count
        var fits = true
        if fieldByteCount > maxFieldBytes {
            flag(.fieldTooLong)
            kept = max(0, count - (fieldByteCount - maxFieldBytes))
            fits = false
        }
        if kept > 0 {
            // The storage never grows past the record limit, so the limit is checked only when it would grow.
            if storageCount + kept > storageCapacity {
                if storageCount + kept > maxRecordBytes {
                    flagRecordTooLong()
                    kept = max(0, maxRecordBytes - storageCount)
                    fits = false
                }
                if storageCount + kept > storageCapacity { growStorage(toAtLeast: storageCount + kept) }
            }
            // Eight bytes at a time, overshooting into the slack: fields are short, and a word loop
            // beats a call to memcpy for them.
            let from = UnsafeRawPointer(source)
            let to = UnsafeMutableRawPointer(storage + storageCount)
            var offset = 0
            while offset < kept {
                to.storeBytes(
                    of: from.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset,
                    as: UInt64.self)
                offset += 8
            }
            storageCount += kept
        }
        return fits
    }

    /// Remembers whether a field past the header's width held anything but spaces and tabs, so a row of
    /// only delimiters wider than the header is still blank.
    @inline(never)
    private func noteUnstoredBytes(_ source: UnsafePointer<UInt8>, count: Int) {
        for offset in 0..<count where source[offset] != ASCII.space && source[offset] != ASCII.tab {
            unstoredFieldHadText = true
            return
        }
    }

    @inline(never)
    private func flagRecordTooLong() {
        if problem == nil || problem == .fieldTooLong {
            problem = .rowTooLong
            problemField = fieldCount
        }
    }

    private func growStorage(toAtLeast needed: Int) {
        var capacity = storageCapacity * 2
        while capacity < needed { capacity *= 2 }
        capacity = max(needed, min(capacity, maxRecordBytes))
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + Self.copySlack)
        grown.update(from: storage, count: storageCount)
        storage.deallocate()
        storage = grown
        storageCapacity = capacity
    }

    // Inlined into the scanner, which calls it for every field; the rare work is kept out of line.
    @inline(__always)
    private func endField() {
        if fieldCount < storedFieldLimit {
            if fieldHasNonASCII, problem == nil {
                validateFieldUTF8()
            }
            if storedFieldCount == fieldEndsCapacity {
                growFieldEnds()
            }
            fieldEnds[storedFieldCount] = storageCount
            storedFieldCount += 1
        }
        fieldCount += 1
        fieldStartInStorage = storageCount
        fieldByteCount = 0
        fieldHasNonASCII = false
    }

    @inline(never)
    private func validateFieldUTF8() {
        let bytes = UnsafeBufferPointer(start: storage + fieldStartInStorage, count: storageCount - fieldStartInStorage)
        if String(validating: bytes, as: UTF8.self) == nil {
            flag(.invalidUTF8)
        }
    }

    @inline(never)
    private func growFieldEnds() {
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: fieldEndsCapacity * 2)
        grown.update(from: fieldEnds, count: storedFieldCount)
        fieldEnds.deallocate()
        fieldEnds = grown
        fieldEndsCapacity *= 2
    }

    /// Finishes the current record; false when it was a blank line, which is skipped.
    private func endRecord() -> Bool {
        // The first stored byte settles almost every record: only a space, a tab or nothing can start a blank one.
        if storageCount == 0 || storage[0] <= ASCII.space, !recordHadQuote, !unstoredFieldHadText, problem == nil,
            isBlankRecord()
        {
            if headerCount > 0 { blankRows += 1 }
            resetRecord()
            return false
        }
        rowCounter += 1
        recordRow = rowCounter
        if problem == nil, headerCount > 0, fieldCount != storedFieldLimit {
            problem = fieldCount > storedFieldLimit ? .tooManyFields : .tooFewFields
            problemField = min(fieldCount, storedFieldLimit)
        }
        return true
    }

    /// Whether every stored byte of the record is a space or a tab; most records fail at their first byte.
    @inline(__always)
    private func isBlankRecord() -> Bool {
        var index = 0
        while index < storageCount {
            let byte = storage[index]
            if byte != ASCII.space && byte != ASCII.tab { return false }
            index += 1
        }
        return true
    }

    private func finishAtEndOfFile() -> Bool {
        switch state {
        case .fieldStart:
            if fieldCount == 0 { return false }
            endField()
        case .unquoted, .quoteInQuoted:
            endField()
            state = .fieldStart
        case .quoted:
            return recoverFromStrayQuote(.unterminatedQuote)
        case .skipLine:
            return false
        }
        return endRecord()
    }

    /// Reports the record with a stray opening quote and resumes on the line after that quote, so one
    /// bad quote does not swallow every row after it.
    private func recoverFromStrayQuote(_ code: RowErrorCode) -> Bool {
        // Keep the bad cell to its first line so reports stay readable.
        var cut = fieldStartInStorage
        while cut < storageCount, storage[cut] != ASCII.lineFeed, storage[cut] != ASCII.carriageReturn {
            cut += 1
        }
        storageCount = min(storageCount, cut)
        if problem == nil || problem == .fieldTooLong {
            problem = code
            problemField = fieldCount
        }
        fieldHasNonASCII = false
        endField()
        rowCounter += 1
        recordRow = rowCounter
        let resume = quoteFileOffset + 1
        if seekable, lseek(descriptor, off_t(resume), SEEK_SET) == off_t(resume) {
            bufferFileOffset = resume
            bufferPosition = 0
            bufferEnd = 0
            atEndOfFile = false
            line = quoteLine
            previousWasCarriageReturn = false
            state = .skipLine
        } else {
            bufferPosition = bufferEnd
            atEndOfFile = true
            state = .skipLine
        }
        return true
    }

    // MARK: File access

    private func refill() -> Bool {
        guard !atEndOfFile, descriptor >= 0 else { return false }
        bufferFileOffset += Int64(bufferEnd)
        bufferPosition = 0
        bufferEnd = 0
        if let rawBuffer {
            return refillTranscoding(from: rawBuffer)
        }
        while true {
            let count = read(descriptor, buffer, bufferSize)
            if count > 0 {
                bufferEnd = count
                break
            }
            if count == 0 {
                atEndOfFile = true
                return false
            }
            if errno == EINTR { continue }
            readError = .readFailed(path: path, reason: Self.systemMessage(errno))
            atEndOfFile = true
            return false
        }
        if isFirstRead {
            isFirstRead = false
            if bufferEnd >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                bufferPosition = 3
            }
        }
        return true
    }

    /// Reads raw bytes and transcodes them into `buffer` until it holds something or the file ends.
    @inline(never)
    private func refillTranscoding(from raw: UnsafeMutablePointer<UInt8>) -> Bool {
        while bufferEnd == 0 {
            let count = read(descriptor, raw, rawBufferSize)
            if count < 0 {
                if errno == EINTR { continue }
                readError = .readFailed(path: path, reason: Self.systemMessage(errno))
                atEndOfFile = true
                return false
            }
            bufferEnd =
                transcoder?.transcode(UnsafeBufferPointer(start: raw, count: count), into: buffer, isLast: count == 0)
                ?? 0
            if count == 0 {
                atEndOfFile = true
                break
            }
        }
        isFirstRead = false
        return bufferEnd > 0
    }

    private func closeDescriptor() {
        if descriptor >= 0 {
            _ = close(descriptor)
            descriptor = -1
        }
    }

    private static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// The encoding to read with and the length of the byte order mark to skip, from the file's first
    /// bytes and the encoding asked for; throws when the two disagree or the bytes cannot be text.
    static func format(
        of head: [UInt8], requested: InputEncoding?, path: String
    ) throws(RequestFileError) -> (encoding: InputEncoding, bomLength: Int) {
        let found: (encoding: InputEncoding, bomLength: Int)?
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            found = (.utf8, 3)
        } else if head.starts(with: [0xFF, 0xFE]) {
            found = (.utf16LittleEndian, 2)
        } else if head.starts(with: [0xFE, 0xFF]) {
            found = (.utf16BigEndian, 2)
        } else {
            found = nil
        }
        if let found {
            if let requested, requested != found.encoding {
                throw .encodingConflict(path: path, found: found.encoding.rawValue, requested: requested.rawValue)
            }
            return found
        }
        let encoding = requested ?? .utf8
        if encoding == .utf16LittleEndian || encoding == .utf16BigEndian { return (encoding, 0) }
        if head.contains(0) {
            // Text in UTF-16 without a byte order mark has a NUL in every other byte.
            let evenNULs = stride(from: 0, to: head.count, by: 2).filter { head[$0] == 0 }.count
            let oddNULs = stride(from: 1, to: head.count, by: 2).filter { head[$0] == 0 }.count
            let half = head.count / 2
            if half > 0, max(evenNULs, oddNULs) * 10 >= half * 8, min(evenNULs, oddNULs) * 10 <= half {
                throw .utf16WithoutByteOrderMark(path: path, suggested: evenNULs > oddNULs ? "utf-16be" : "utf-16le")
            }
            throw .binary(path: path)
        }
        return (encoding, 0)
    }

    /// Opens the file and rejects what cannot be a CSV file before any parsing; returns its first 64 KiB.
    private static func openFile(
        path: String
    ) throws(RequestFileError) -> (
        descriptor: Int32, size: Int, head: [UInt8]
    ) {
        // Non-blocking, so a FIFO without a writer is refused below instead of hanging the open.
        let descriptor = path.withCString { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard descriptor >= 0 else {
            let code = errno
            switch code {
            case ENOENT, ENOTDIR: throw .notFound(path: path)
            case EISDIR: throw .isDirectory(path: path)
            default: throw .notReadable(path: path, reason: systemMessage(code))
            }
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            _ = close(descriptor)
            throw .notReadable(path: path, reason: systemMessage(code))
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR {
            _ = close(descriptor)
            throw .isDirectory(path: path)
        }
        guard kind == S_IFREG else {
            _ = close(descriptor)
            throw .notRegularFile(path: path)
        }
        if info.st_size == 0 {
            _ = close(descriptor)
            throw .empty(path: path)
        }
        // Only the start is checked: enough to catch spreadsheets and archives without a second pass.
        var head = [UInt8](repeating: 0, count: 65_536)
        let count = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            let code = errno
            _ = close(descriptor)
            if code == EISDIR { throw .isDirectory(path: path) }
            throw .notReadable(path: path, reason: systemMessage(code))
        }
        head.removeSubrange(count...)
        return (descriptor, Int(info.st_size), head)
    }
}
