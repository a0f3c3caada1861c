#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes RFC 4180 CSV files that only their owner can read, safe to open in a spreadsheet.
///
/// - Fields holding `,`, `"`, CR or LF are quoted, with quotes doubled.
/// - Lines end with LF: every CSV reader and spreadsheet accepts it, and it matches the Unix tools
///   these reports are usually piped through.
/// - With `neutraliseFormulas` (the default), a cell that a spreadsheet would run as a formula gets
///   a leading `'` (see `neutralised(_:)`), because reports carry text written by outsiders.
/// - The file is created, or truncated, with mode 0600: reports hold shoppers' email addresses.
///
/// Writes are buffered; call `close()` to flush and learn about write errors. Not thread-safe.
public final class CSVWriter {
    private var descriptor: Int32
    private let path: String
    private let neutraliseFormulas: Bool
    private var buffer: [UInt8] = []
    private let flushThreshold = 65_536

    /// Creates or truncates the file at `path` with mode 0600.
    ///
    /// - Parameter neutraliseFormulas: prefix formula-like cells with `'`; on by default.
    public init(path: String, neutraliseFormulas: Bool = true) throws {
        // O_NOFOLLOW: a symbolic link planted at the report's name must not redirect the write elsewhere.
        let descriptor = path.withCString { open($0, O_CREAT | O_TRUNC | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard descriptor >= 0 else {
            throw WriteError(path: path, operation: "create", code: errno)
        }
        // An existing file keeps its old mode through O_CREAT, so it is narrowed explicitly.
        guard fchmod(descriptor, 0o600) == 0 else {
            let code = errno
            _ = systemClose(descriptor)
            throw WriteError(path: path, operation: "restrict permissions of", code: code)
        }
        self.descriptor = descriptor
        self.path = path
        self.neutraliseFormulas = neutraliseFormulas
        buffer.reserveCapacity(flushThreshold + 4_096)
    }

    /// Writes to a file the caller has just created `0600` (see `SecureFile.createExclusive`); the writer owns it.
    init(descriptor: Int32, path: String, neutraliseFormulas: Bool = true) {
        self.descriptor = descriptor
        self.path = path
        self.neutraliseFormulas = neutraliseFormulas
        buffer.reserveCapacity(flushThreshold + 4_096)
    }

    deinit {
        // A writer dropped without close() still leaves a complete file when it can.
        if descriptor >= 0 {
            try? flush()
            _ = systemClose(descriptor)
        }
    }

    /// The cell with a leading `'` when it starts with `=`, `+`, `-`, `@`, tab or CR, which
    /// spreadsheets would otherwise treat as a formula; any other cell unchanged.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.utf8.first else { return field }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
            return "'" + field
        default:
            return field
        }
    }

    /// The cell as it appears in the file: neutralised if asked, then quoted when needed.
    public static func encoded(_ field: String, neutraliseFormulas: Bool = true) -> String {
        let cell = neutraliseFormulas ? neutralised(field) : field
        guard cell.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else {
            return cell
        }
        var quoted = "\""
        for character in cell.unicodeScalars {
            if character == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(character)
        }
        quoted.unicodeScalars.append("\"")
        return quoted
    }

    /// Appends one record.
    public func write(_ fields: [String]) throws {
        guard descriptor >= 0 else {
            throw WriteError(path: path, operation: "write to closed", code: EBADF)
        }
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(0x2C) }
            buffer.append(contentsOf: Self.encoded(field, neutraliseFormulas: neutraliseFormulas).utf8)
        }
        buffer.append(0x0A)
        if buffer.count >= flushThreshold {
            try flush()
        }
    }

    /// Writes buffered records to the file.
    public func flush() throws {
        while !buffer.isEmpty {
            let result = systemWrite(descriptor, buffer)
            if result < 0 {
                if errno == EINTR { continue }
                throw WriteError(path: path, operation: "write", code: errno)
            }
            if result == buffer.count {
                buffer.removeAll(keepingCapacity: true)
            } else {
                // A short write is rare (a full disk, a signal): the rest moves to the front and is retried.
                buffer.removeFirst(result)
            }
        }
    }

    /// Flushes and closes the file; later writes throw. With `sync`, the bytes are on disk before it returns.
    public func close(sync: Bool = false) throws {
        guard descriptor >= 0 else { return }
        defer { descriptor = -1 }
        do {
            try flush()
            if sync, fsync(descriptor) != 0 { throw WriteError(path: path, operation: "sync", code: errno) }
        } catch {
            _ = systemClose(descriptor)
            throw error
        }
        if systemClose(descriptor) != 0 {
            throw WriteError(path: path, operation: "close", code: errno)
        }
    }

    /// A file operation of the writer failed.
    public struct WriteError: Error, CustomStringConvertible, Sendable, Equatable {
        /// The file being written.
        public var path: String
        /// What was being done, for example "create".
        public var operation: String
        /// The `errno` value.
        public var code: Int32

        /// Creates an error.
        public init(path: String, operation: String, code: Int32) {
            self.path = path
            self.operation = operation
            self.code = code
        }

        /// What failed and what to check.
        public var description: String {
            "Could not \(operation) \(path): \(String(cString: strerror(code))). "
                + "Check that the folder exists and is writable."
        }
    }
}

// The class's own close() and write(_:) hide the system calls of the same names.
private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

/// The array is passed as the call's buffer by Swift's array-to-pointer argument conversion, valid for the
/// call only, so no pointer code is needed here.
private func systemWrite(_ descriptor: Int32, _ bytes: [UInt8]) -> Int {
    write(descriptor, bytes, bytes.count)
}
