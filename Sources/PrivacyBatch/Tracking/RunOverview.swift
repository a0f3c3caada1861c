import PrivacyBatchCore
import PrivacyBatchLedger

/// One run at a glance: outcome counts and what is left to do.
public struct RunOverview: Sendable {
    /// Rows per outcome.
    public let outcomes: [Outcome: Int]
    /// All data rows.
    public let rows: Int
    /// The endpoint, or `sandbox`.
    public let endpoint: String
    /// What is left, in words: rows to send, tasks to follow, archives to fetch.
    public let workLeft: [String]
    /// Requests with a legal deadline, by its state now.
    public let deadlines: [DeadlineState: Int]

    /// Reads the overview from a ledger; `name` is the run's name as the commands that continue it need it.
    public init(ledger: Ledger, name: String? = nil) async throws {
        let run = try await ledger.run()
        outcomes = try await ledger.outcomeCounts()
        rows = outcomes.values.reduce(0, +)
        endpoint = run?.endpoint ?? "sandbox"
        deadlines = try await RowDeadline.counts(in: ledger)
        workLeft = await Self.workLeft(
            run: run,
            name: name,
            unsent: (outcomes[.notAttempted] ?? 0) + (outcomes[.error] ?? 0),
            openTasks: try ledger.openTaskCount(),
            archives: try await TaskTracker.archivesToDownloadCount(in: ledger),
            openOrders: try await ledger.openOrderFailureCount()
        )
    }

    /// What is left, each with the command that does it, named so it can be pasted back as is.
    static func workLeft(
        run: RunRecord?, name: String?, unsent: Int, openTasks: Int, archives: Int, openOrders: Int
    ) -> [String] {
        var left: [String] = []
        let runName = shellQuoted(name ?? run?.name ?? "RUN")
        if unsent > 0 {
            let input = run.map { shellQuoted($0.inputPath) } ?? "FILE"
            left.append("\(unsent) rows not sent yet ('privacy-batch run \(input) --run \(runName)')")
        }
        if openTasks > 0 { left.append("\(openTasks) tasks not final ('privacy-batch follow-up \(runName)')") }
        if archives > 0 { left.append("\(archives) archives not downloaded ('privacy-batch follow-up \(runName)')") }
        if openOrders > 0 {
            left.append(
                "\(openOrders) deletions waiting for open orders to close ('privacy-batch follow-up \(runName)')")
        }
        return left
    }
}
