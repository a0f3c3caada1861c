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

    /// Reads the overview from a ledger.
    public init(ledger: Ledger) async throws {
        outcomes = try ledger.outcomeCounts()
        rows = outcomes.values.reduce(0, +)
        endpoint = try ledger.run()?.endpoint ?? "sandbox"
        var left: [String] = []
        let unsent = (outcomes[.notAttempted] ?? 0) + (outcomes[.error] ?? 0)
        if unsent > 0 { left.append("\(unsent) rows not submitted (rerun 'privacy-batch run')") }
        let open = try ledger.openTaskCount()
        if open > 0 { left.append("\(open) tasks not final ('privacy-batch status --watch')") }
        let archives = try await TaskTracker.archivesToDownloadCount(in: ledger)
        if archives > 0 { left.append("\(archives) archives not downloaded ('privacy-batch download')") }
        workLeft = left
    }
}
