import Foundation
import PrivacyBatchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A run remembers how its input was read, so a rerun with other `--column`, `--delimiter` or `--encoding`
/// values is refused instead of reading the rest of the file another way (the ledger records `--type`,
/// `--holding-period` and `--reason` itself).
extension ReadingOptions {
    /// The options as text, one per line; the same options always give the same text, defaults none.
    var recorded: String {
        var lines: [String] = []
        if let delimiter { lines.append("delimiter \(delimiter)") }
        if let encoding { lines.append("encoding \(encoding.rawValue)") }
        for column in columns { lines.append("column \(column.role?.rawValue ?? "none")=\(column.header)") }
        if let dateFormat { lines.append("date-format \(dateFormat.rawValue)") }
        return lines.joined(separator: "\n")
    }

    /// The file in a run's folder that holds them.
    static func recordPath(in folder: RunFolder) -> String {
        (folder.path as NSString).appendingPathComponent("reading-options.txt")
    }

    /// Records the options of a new run (mode 0600, never through a symlink); defaults write nothing, as
    /// runs made before this file existed.
    func record(in folder: RunFolder) throws {
        let text = recorded
        let path = Self.recordPath(in: folder)
        guard !text.isEmpty else {
            // Defaults: no file, and none left over from an earlier attempt that died before its ledger.
            if unlink(path) != 0 && errno != ENOENT { throw POSIXFailure(operation: "unlink", path: path) }
            return
        }
        let descriptor = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", path: path) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = write(descriptor, bytes, bytes.count)
        guard written == bytes.count, fchmod(descriptor, 0o600) == 0, fsync(descriptor) == 0 else {
            throw POSIXFailure(operation: "write", path: path)
        }
    }

    /// The `--column` assignments recorded for the run in `folder` (none for a run started without any).
    static func recordedColumns(in folder: RunFolder) -> [ColumnAssignment] {
        let text = (try? String(contentsOfFile: recordPath(in: folder), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("column ") else { return nil }
            return ColumnAssignment(argument: String(line.dropFirst("column ".count)))
        }
    }

    /// Refuses to resume run `name` when it was started with other options.
    func checkSame(asRecordedIn folder: RunFolder, name: String) throws(ConfigurationError) {
        let earlier = (try? String(contentsOfFile: Self.recordPath(in: folder), encoding: .utf8)) ?? ""
        guard earlier != recorded else { return }
        func shown(_ text: String) -> String {
            text.isEmpty ? "none" : text.split(separator: "\n").map { "--\($0)" }.joined(separator: ", ")
        }
        throw ConfigurationError(
            "run '\(name)' was started with other --column/--delimiter/--encoding/--date-format values (\(shown(earlier)); now "
                + "\(shown(recorded))); reading the rest of the file another way would mix two readings. Rerun "
                + "with the same values, or add --new-run")
    }
}
