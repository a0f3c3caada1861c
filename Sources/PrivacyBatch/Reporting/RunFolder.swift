import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// The files of one run under the reports folder: `<reports>/<run>/`.
public struct RunFolder: Sendable, Equatable {
    /// The folder's path.
    public let path: String
    /// The run's name (the folder's last component).
    public var name: String { (path as NSString).lastPathComponent }

    /// The folder of run `name` under `reports`.
    public init(reports: String, name: String) {
        path = (reports as NSString).appendingPathComponent(name)
    }

    /// A run given as a name under `reports`, or as a path to its folder.
    public static func locate(_ run: String, reports: String) -> RunFolder {
        let direct = RunFolder(path: run)
        if run.contains("/"), FileManager.default.fileExists(atPath: direct.ledger) { return direct }
        return RunFolder(reports: reports, name: run)
    }

    private init(path: String) {
        self.path = path
    }

    /// The run name a file gets by default: its base name without extension.
    ///
    /// A retry file inside a run's folder (`reports/X/orders-not-closed.csv`, `reports/X/failures.csv`) is
    /// named after that run (`X-orders-not-closed`), so several runs' retry files can be submitted side by side.
    public static func defaultName(forInput input: String) -> String {
        var base = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
        let parent = (input as NSString).deletingLastPathComponent
        let retryFiles = ["orders-not-closed", "failures"]
        if retryFiles.contains(base), !parent.isEmpty,
            FileManager.default.fileExists(atPath: (parent as NSString).appendingPathComponent(Ledger.fileName))
        {
            base = (parent as NSString).lastPathComponent + "-" + base
        }
        let cleaned = base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" }
        return cleaned.isEmpty ? "run" : String(cleaned)
    }

    /// The SQLite ledger.
    public var ledger: String { file(Ledger.fileName) }
    /// Every data row once, in input order.
    public var outcomes: String { file("outcomes.csv") }
    /// Rows that need a person.
    public var failures: String { file("failures.csv") }
    /// Deletions that failed with `ORDERS_NOT_CLOSED`, ready to submit again later.
    public var ordersNotClosed: String { file("orders-not-closed.csv") }
    /// Counts, timings and settings.
    public var summary: String { file("summary.json") }
    /// `report.html`, the run's page.
    public var page: String { file("report.html") }
    /// Rows `validate` would not submit.
    public var invalidRows: String { file("invalid-rows.csv") }
    /// Where retrieval archives are saved by default.
    public var archives: String { file("data") }

    /// Whether a ledger exists here.
    public var hasLedger: Bool { FileManager.default.fileExists(atPath: ledger) }

    /// Every run under `reports`, in name order: the folders with a ledger, leaving out hidden ones (`.sandbox`).
    /// Throws when `reports` cannot be listed.
    public static func all(in reports: String) throws -> [RunFolder] {
        try FileManager.default.contentsOfDirectory(atPath: reports).sorted().filter { !$0.hasPrefix(".") }
            .map { RunFolder(reports: reports, name: $0) }.filter(\.hasLedger)
    }

    /// A file in the folder.
    public func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// Creates the folder `0700`, or checks that the existing one is safe (see `SecureFile.checkFolder`).
    public func create() throws {
        try SecureFile.createDirectory(path)
    }

    /// Refuses an existing run folder that is a link, someone else's, or writable by others; a missing one passes.
    public func checkIfPresent() throws(ConfigurationError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        try SecureFile.checkFolder(path)
    }

    /// Refuses a run name that is not one printable path component: empty, `.`, `..`, a `/`, or a control
    /// or invisible formatting character (which would be printed raw, or escape `--reports`).
    public static func checkName(_ name: String) throws(ConfigurationError) {
        let problem: String? =
            if name.isEmpty {
                "it is empty"
            } else if name == "." || name == ".." {
                "'.' and '..' are not run names"
            } else if name.contains("/") {
                "it contains '/'; a run name is one folder name under --reports"
            } else if name.unicodeScalars.contains(where: Self.isUnprintable) {
                "it contains a control or invisible character"
            } else if name.utf8.count > 200 {
                "it is longer than 200 bytes"
            } else {
                nil
            }
        guard let problem else { return }
        throw ConfigurationError("the run name \(printable(name)) cannot be used: \(problem); give --run a plain name")
    }

    /// `text` quoted, with control and invisible characters escaped, safe to print to a terminal.
    public static func printable(_ text: String) -> String {
        var result = "'"
        for scalar in text.unicodeScalars {
            if isUnprintable(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "'"
    }

    private static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: true
        default: false
        }
    }
}

extension RunFolder {
    /// A run that must exist already: fails with a message naming where it looked.
    public static func existing(_ run: String, reports: String) throws(ConfigurationError) -> RunFolder {
        if !run.contains("/") {
            try checkName(run)
            try RunFolder(path: reports).checkIfPresent()
        }
        let folder = locate(run, reports: reports)
        try folder.checkIfPresent()
        guard folder.hasLedger else {
            throw ConfigurationError(
                "no run \(printable(run)) under \(reports)/ (no \(folder.ledger)); list runs with 'privacy-batch runs --reports \(reports)'"
            )
        }
        return folder
    }
}
