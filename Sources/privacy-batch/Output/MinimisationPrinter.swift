import Foundation
import PrivacyBatch
import PrivacyBatchCore

/// What a command says about the rows it minimised, and when the next are due.
enum MinimisationPrinter {
    /// Prints `tally`, unless nothing was minimised and nothing is due.
    static func print(_ tally: Minimiser.Tally) {
        if tally.minimised > 0 {
            var parts = ["minimised \(tally.minimised) rows: email and cells replaced by keyed hash and masked email"]
            if tally.pastMaximum > 0 {
                parts.append("\(tally.pastMaximum) of them needed a person and reached --retain-pii-max")
            }
            if tally.gaveUp > 0 { parts.append("\(tally.gaveUp) open-order failures given up with them") }
            if tally.archivesDeleted > 0 { parts.append("\(tally.archivesDeleted) archives deleted") }
            Console.out(parts.joined(separator: "; "))
        }
        if let next = tally.nextDueAt {
            Console.out("next rows to minimise: \(Timestamp.string(next))")
        }
    }
}
