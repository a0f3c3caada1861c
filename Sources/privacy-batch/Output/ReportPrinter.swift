import PrivacyBatch
import PrivacyBatchLedger

/// Prints a run's outcome counts and where its reports are.
enum ReportPrinter {
    static func print(_ counts: ReportWriter.Counts, folder: RunFolder) {
        let outcomes = Outcome.allCases.compactMap { outcome -> String? in
            let count = counts[outcome]
            return count > 0 ? "\(outcome.rawValue) \(count)" : nil
        }
        Console.out("rows: \(counts.rows) — " + (outcomes.isEmpty ? "none" : outcomes.joined(separator: ", ")))
        Console.out(
            "reports: \(folder.path)/ (outcomes.csv, failures.csv: \(counts.failures), orders-not-closed.csv: \(counts.ordersNotClosed), summary.json, report.html)"
        )
    }
}
