import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchLedger

/// `privacy-batch handed-over RUN (--all | --rows FILE)`: records that retrieval archives reached their shoppers.
struct HandedOverCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "handed-over",
        abstract: "Mark the archives of a run's completed retrievals as handed to their shoppers.",
        discussion: """
            Until then `follow-up` lists them as archives to hand over. --rows takes a CSV with an email, row or \
            task_id column, e.g. an edited copy of outcomes.csv. Sends nothing.

            Examples:
              privacy-batch handed-over shoppers --all
              privacy-batch handed-over shoppers --rows delivered.csv
            """
    )

    @Argument(help: "The run's name (under --reports) or its folder.")
    var run: String

    @Flag(help: "Every saved archive of the run.")
    var all = false

    @Option(help: "A CSV naming the rows by email, row or task_id.")
    var rows: String?

    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard all != (rows != nil) else { throw ValidationError("give exactly one of --all or --rows FILE") }
    }

    func run() async throws {
        let existing = try await ExistingRun(run, reports: reportsOptions.reports)
        let ledger = existing.ledger
        var marked: Int
        if let rows {
            let scope = try await RowSelectorFile(path: rows).stage(into: ledger, recordKey: existing.recordKey)
            var numbers: [Int] = []
            var after = 0
            marked = 0
            while true {
                let page = try await ledger.submittedRows(scope, after: after, limit: 512)
                guard let last = page.last else { break }
                after = last.row
                numbers = page.filter { $0.archivePath != nil }.map(\.row)
                marked += try await ledger.markHandedOver(rows: numbers)
            }
        } else {
            marked = try await ledger.markHandedOver(rows: nil)
        }
        Console.out("marked \(marked) archives handed over")
        let counts = try await existing.writeReports()
        var document = existing.document(command: "handed-over", counts: counts)
        document.details = ["markedHandedOver": marked]
        try document.finish()
    }
}
