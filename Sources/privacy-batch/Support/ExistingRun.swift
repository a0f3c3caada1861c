import Foundation
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchCore
import PrivacyBatchLedger

/// An existing run opened for a follow-up command, talking to the API it was submitted to.
struct ExistingRun {
    let folder: RunFolder
    let ledger: Ledger
    let record: RunRecord
    /// Held when this command opened the run itself; `run --wait` already holds the run's lock.
    private let lock: RunLock?
    /// The run's audit log: what the command changes is logged there first.
    let audit: RunAudit?
    /// The run's record key, when this command opened the run and the key is the one its rows were hashed with:
    /// emails given on the command line are matched by keyed hash, as minimised rows keep them.
    let recordKey: RecordKey?

    init(folder: RunFolder, ledger: Ledger, record: RunRecord, audit: RunAudit?) {
        self.folder = folder
        self.ledger = ledger
        self.record = record
        self.audit = audit
        lock = nil
        recordKey = nil
    }

    init(_ run: String, reports: String) async throws {
        folder = try RunFolder.existing(run, reports: reports)
        lock = try RunLock(folder: folder)
        ledger = try Ledger(path: folder.ledger)
        guard let record = try await ledger.run() else {
            throw ConfigurationError("the ledger \(folder.ledger) holds no run; start it with 'privacy-batch run FILE'")
        }
        self.record = record
        // Rows of a run from before keyed hashes get their subjects now, so every later step can rely on them.
        let keyring = RecordKeyring(reports: reports)
        let key = try keyring.key(sandbox: record.isSandbox)
        if let other = try await ledger.adopt(key) {
            keyring.note(
                "run '\(record.name)' was hashed under record key \(other), not \(key.id): its rows keep their state, but "
                    + "emails given now do not match its minimised rows until that key file is restored")
            recordKey = nil
        } else {
            recordKey = key
        }
        keyring.printNotes()
        let audit = try await RunAudit.open(folder: folder, ledger: ledger)
        for note in audit.notes { Console.note(note) }
        self.audit = audit
    }

    /// The run's endpoint: its tasks live only there, so another one given by flag is refused.
    func endpoint(_ options: EndpointOptions) throws -> APIEndpoint? {
        let recorded = try record.endpoint.map { try APIEndpoint($0) }
        if let given = try options.resolved(), given.baseURL != recorded?.baseURL {
            throw ConfigurationError(
                "run '\(record.name)' was submitted to \(record.endpoint ?? "the sandbox"), not \(given); its tasks live there"
            )
        }
        return recorded
    }

    /// Runs `body` with a tracker for the API this run lives on: credentials checked first, signals trapped.
    func withTracker<T: Sendable>(
        endpoint: APIEndpoint?,
        reports: String,
        settings: SubmissionSettings,
        stop: StopSignal,
        progress: (total: Int, unit: String)? = nil,
        _ body: @Sendable @escaping (TaskTracker, APISession.Context) async throws -> T
    ) async throws -> T {
        let trap = await SignalTrap(stop: stop)
        defer { withExtendedLifetime(trap) {} }
        return try await APISession.with(endpoint: endpoint, reports: reports, concurrency: settings.concurrency) {
            session in
            try await session.client.checkCredentials()
            let caller = RetryingCaller(settings: settings, stop: stop)
            var tracker = TaskTracker(client: session.client, caller: caller, concurrency: settings.concurrency)
            tracker.audit = audit
            var line: ProgressLine?
            if let progress {
                let shown = ProgressLine(total: progress.total, unit: progress.unit, limiter: caller.limiter)
                tracker.progress = { count in await shown.advance(by: count) }
                line = shown
            }
            let result = try await body(tracker, session)
            await line?.finish()
            try await ledger.recordActivity(await caller.limiter.takeActivity())
            return result
        }
    }

    /// Minimises the rows whose retention passed (the run's, or `retention`'s flags), rewrites the reports and
    /// prints the counts.
    @discardableResult
    func writeReports(retention: RetentionOptions? = nil) async throws -> ReportWriter.Counts {
        try await minimise(retention: retention)
        let counts = try await ReportWriter(folder: folder).write(ledger: ledger)
        ReportPrinter.print(counts, folder: folder)
        return counts
    }

    /// Minimises the rows whose retention passed, and says so.
    @discardableResult
    func minimise(retention: RetentionOptions? = nil) async throws -> Minimiser.Tally {
        let policy = retention?.policy(for: record) ?? RetentionPolicy.of(record)
        let tally = try await Minimiser(folder: folder, ledger: ledger, record: record, audit: audit).minimise(
            .retention(policy))
        MinimisationPrinter.print(tally)
        return tally
    }

    /// The pace of the API's days: the sandbox simulator's default (1 s) or real days.
    static func schedule(isSandbox: Bool) -> PollSchedule {
        PollSchedule(dayLength: isSandbox ? 1 : 86_400)
    }
}
