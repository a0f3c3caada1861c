import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// `privacy-batch runs`: the runs under the reports folder and what each has left to do.
struct RunsCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs under the reports folder with their outcome counts and the work left.",
        discussion: """
            Examples:
              privacy-batch runs
              privacy-batch runs --json | jq '.runs[] | select(.workLeft) | .run.name'
            """
    )

    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: reportsOptions.reports)) ?? []
        let folders = names.sorted().map { RunFolder(reports: reportsOptions.reports, name: $0) }.filter(\.hasLedger)
        var document = CommandDocument(command: "runs")
        document.runs = []
        if folders.isEmpty {
            Console.out("no runs under \(reportsOptions.reports)/")
            try document.finish()
            return
        }
        for folder in folders {
            // A linked folder, or one others can write to, is not opened: opening a ledger may write beside it.
            do {
                try folder.checkIfPresent()
            } catch {
                Console.note("skipped \(folder.name): \(error.message)")
                continue
            }
            let ledger = try Ledger(path: folder.ledger)
            let overview = try await RunOverview(ledger: ledger, name: folder.name)
            let counts = Outcome.allCases.compactMap { outcome -> String? in
                guard let count = overview.outcomes[outcome], count > 0 else { return nil }
                return "\(outcome.rawValue) \(count)"
            }
            Console.out(
                "\(folder.name)  [\(overview.endpoint)]  rows \(overview.rows): \(counts.joined(separator: ", "))")
            if !overview.deadlines.isEmpty {
                Console.out(
                    "    deadlines: "
                        + DeadlineState.displayOrder.compactMap { state in
                            overview.deadlines[state].map { "\(state.rawValue) \($0)" }
                        }
                        .joined(separator: ", "))
            }
            Console.out(
                "    work left: " + (overview.workLeft.isEmpty ? "none" : overview.workLeft.joined(separator: "; ")))
            var entry = CommandDocument(command: "runs")
            entry.run = .init(name: folder.name, folder: folder.path, endpoint: overview.endpoint)
            entry.details = Dictionary(uniqueKeysWithValues: overview.outcomes.map { ($0.key.rawValue, $0.value) })
            entry.details?["rows"] = overview.rows
            for (state, count) in overview.deadlines { entry.details?["deadline.\(state.rawValue)"] = count }
            entry.workLeft = overview.workLeft.isEmpty ? nil : overview.workLeft
            document.runs?.append(entry)
        }
        try document.finish()
    }
}
