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
        if counts.minimised > 0 {
            var line = "minimised: \(counts.minimised) rows keep only keyed hash, masked email and proof"
            if counts.minimisedFailures > 0 {
                line += " (\(counts.minimisedFailures) that needed a person are left out of the retry files)"
            }
            Console.out(line)
        }
    }
}
