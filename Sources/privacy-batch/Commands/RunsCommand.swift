import ArgumentParser
import Foundation
import PrivacyBatch

/// `privacy-batch runs`: the runs under the reports folder and what each has left to do.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs under the reports folder with their outcome counts and the work left."
    )

    @OptionGroup var reportsOptions: ReportsOptions

    func run() async throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: reportsOptions.reports)) ?? []
        let folders = names.sorted().map { RunFolder(reports: reportsOptions.reports, name: $0) }.filter(\.hasLedger)
        if folders.isEmpty {
            Console.out("no runs under \(reportsOptions.reports)/")
            return
        }
        for folder in folders {
            let ledger = try Ledger(path: folder.ledger)
            let overview = try await RunOverview(ledger: ledger)
            let counts = Outcome.allCases.compactMap { outcome -> String? in
                guard let count = overview.outcomes[outcome], count > 0 else { return nil }
                return "\(outcome.rawValue) \(count)"
            }
            Console.out(
                "\(folder.name)  [\(overview.endpoint)]  rows \(overview.rows): \(counts.joined(separator: ", "))")
            Console.out(
                "    work left: " + (overview.workLeft.isEmpty ? "none" : overview.workLeft.joined(separator: "; ")))
        }
    }
}
