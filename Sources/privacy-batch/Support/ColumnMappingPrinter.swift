import PrivacyBatch
import PrivacyBatchCore

/// Prints how a request file is read (its columns' roles, delimiter, encoding) and the deletions that
/// cannot be cancelled, so `run`, `run --dry-run` and `validate` say the same thing before they act.
enum ColumnMappingPrinter {
    /// Opens the file's header and returns the mapping's lines; throws the file-level errors (exit 2),
    /// so a command calls it before it creates anything.
    static func lines(file: String, options: RowDefaultsOptions) throws -> [String] {
        try RequestFileReader(path: file, defaults: options.defaults, options: options.reading).mappingDescription
    }

    /// Prints the mapping of an open reader.
    static func print(_ reader: RequestFileReader) {
        for line in reader.mappingDescription { Console.out(line) }
    }

    /// Says how many deletions have a holding period of 0, when there are any.
    static func printImmediateDeletions(_ count: Int, toStandardError: Bool = false) {
        guard count > 0 else { return }
        let line =
            "\(count) deletion\(count == 1 ? " has" : "s have") a holding period of 0: "
            + "\(count == 1 ? "it starts" : "they start") at once and cannot be cancelled"
        if toStandardError { Console.note(line) } else { Console.out(line) }
    }
}
