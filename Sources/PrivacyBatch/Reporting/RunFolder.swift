import Foundation

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
            FileManager.default.fileExists(atPath: (parent as NSString).appendingPathComponent("ledger.sqlite"))
        {
            base = (parent as NSString).lastPathComponent + "-" + base
        }
        let cleaned = base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" }
        return cleaned.isEmpty ? "run" : String(cleaned)
    }

    /// The SQLite ledger.
    public var ledger: String { file("ledger.sqlite") }
    /// Every data row once, in input order.
    public var outcomes: String { file("outcomes.csv") }
    /// Rows that need a person.
    public var failures: String { file("failures.csv") }
    /// Deletions that failed with `ORDERS_NOT_CLOSED`, ready to submit again later.
    public var ordersNotClosed: String { file("orders-not-closed.csv") }
    /// Counts, timings and settings.
    public var summary: String { file("summary.json") }
    /// Rows `validate` would not submit.
    public var invalidRows: String { file("invalid-rows.csv") }
    /// Where retrieval archives are saved by default.
    public var archives: String { file("data") }

    /// Whether a ledger exists here.
    public var hasLedger: Bool { FileManager.default.fileExists(atPath: ledger) }

    /// A file in the folder.
    public func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// Creates the folder `0700`.
    public func create() throws {
        try SecureFile.createDirectory(path)
    }
}

extension RunFolder {
    /// A run that must exist already: fails with a message naming where it looked.
    public static func existing(_ run: String, reports: String) throws(ConfigurationError) -> RunFolder {
        let folder = locate(run, reports: reports)
        guard folder.hasLedger else {
            throw ConfigurationError(
                "no run '\(run)' under \(reports)/ (no \(folder.ledger)); list runs with 'privacy-batch runs --reports \(reports)'"
            )
        }
        return folder
    }
}
