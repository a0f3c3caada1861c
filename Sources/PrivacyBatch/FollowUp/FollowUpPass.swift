import Foundation
import PrivacyBatchAPI
import PrivacyBatchCore
import PrivacyBatchLedger
import Synchronization

/// One `follow-up` pass over the runs of a reports folder: does what is due now in each, and nothing else.
///
/// Runs are opened one by one under their locks; a run another process holds, or one that cannot be read, is
/// reported in its digest and the others go on. Runs that talk to one endpoint share one session, so one pacer
/// spends one quota; a run with nothing due for the API makes no request, and a pass with nothing due opens no
/// session at all.
public struct FollowUpPass: Sendable {
    /// Opens a session with the API of `endpoint` (`nil`: the sandbox) and calls the body with a tracker whose
    /// pacer all its runs share; throws when the API cannot be reached with the credentials at hand.
    public typealias Session =
        @Sendable (
            _ endpoint: String?, _ body: @Sendable @escaping (TaskTracker) async throws -> Void
        ) async throws -> Void

    /// The reports folder.
    public var reports: String
    /// The runs named on the command line, or `nil` for every run under `reports`.
    public var runs: [String]?
    /// When to poll, reopen and give up.
    public var policy: FollowUpPolicy
    /// Pacing and retries of the requests the pass sends.
    public var settings: SubmissionSettings
    /// The record keys the request index hashes shoppers with.
    public var keyring: RecordKeyring

    /// Creates a pass.
    public init(
        reports: String, runs: [String]?, policy: FollowUpPolicy, settings: SubmissionSettings, keyring: RecordKeyring
    ) {
        self.keyring = keyring
        self.reports = reports
        self.runs = runs
        self.policy = policy
        self.settings = settings
    }

    /// The run folders of the pass: those named (each must exist), or every folder with a ledger.
    public func folders() throws -> [RunFolder] {
        if let runs { return try runs.map { try RunFolder.existing($0, reports: reports) } }
        return (try? RunFolder.all(in: reports)) ?? []
    }

    /// Does what is due in every run at `now`, rewrites the reports of the runs it changed, and returns each
    /// run's digest, in folder order.
    ///
    /// One run is open at a time: a pass over fifty large runs holds one ledger (and its page cache), never all.
    /// Runs with nothing due for the API are settled, reported and closed first; the others are opened again, one
    /// by one, inside their endpoint's session.
    public func run(session: Session, stop: StopSignal, now: Date = Date()) async throws -> [RunDigest] {
        let folders = try folders()
        var digests: [String: RunDigest] = [:]
        var settled: [String: FollowedRun.Tally] = [:]
        // What the first open of each run did to its audit log: a run with API work is opened again, and that open
        // sees neither the repairs nor the appends of this one.
        var settledAudit: [String: (head: String?, notes: [String])] = [:]
        var dueByEndpoint: [String: [RunFolder]] = [:]
        for folder in folders {
            let run: FollowedRun
            do {
                run = try await FollowedRun(folder: folder)
            } catch {
                digests[folder.name] = Self.unopened(folder, error)
                continue
            }
            var tally = FollowedRun.Tally()
            defer { settledAudit[folder.name] = (run.audit.didAppend ? run.audit.headLine : nil, run.audit.notes) }
            do {
                tally = try await run.settle(policy: policy, now: now)
                settled[folder.name] = tally
                if try await run.dueWork(at: now, policy: policy).needsAPI {
                    dueByEndpoint[run.record.endpoint ?? "", default: []].append(folder)
                    continue
                }
                digests[folder.name] = await finish(run, tally: tally, problem: nil, now: now)
            } catch {
                let problem = "could not be followed: \(Self.describe(error))"
                digests[folder.name] = await finish(run, tally: tally, problem: problem, now: now)
            }
        }
        let index = dueByEndpoint.isEmpty ? nil : try RequestIndex(reports: reports, keyring: keyring)
        for (endpoint, group) in dueByEndpoint.sorted(by: { $0.key < $1.key }) {
            let results = Results()
            if !stop.isStopped {
                do {
                    try await session(endpoint.isEmpty ? nil : endpoint) { [self, settled] tracker in
                        for folder in group {
                            guard !stop.isStopped else { return }
                            results.record(
                                folder.name,
                                await follow(
                                    folder, tracker: tracker, index: index, settled: settled[folder.name], now: now))
                        }
                    }
                } catch {
                    let problem = "could not be followed: \(Self.describe(error))"
                    for folder in group where results.digest(of: folder.name) == nil {
                        results.record(
                            folder.name, await report(folder, settled: settled[folder.name], problem, now: now))
                    }
                }
            }
            for folder in group {
                digests[folder.name] =
                    results.digest(of: folder.name)
                    ?? RunDigest(
                        run: folder.name, endpoint: endpoint.isEmpty ? "sandbox" : endpoint,
                        problem: "not followed: the pass was stopped first")
            }
        }
        return folders.compactMap { folder in
            guard var digest = digests[folder.name] else { return nil }
            if let audit = settledAudit[folder.name] {
                digest.auditHead = digest.auditHead ?? audit.head
                digest.auditNotes = audit.notes + digest.auditNotes.filter { !audit.notes.contains($0) }
            }
            return digest
        }
    }

    /// Records, once the digests are out, what each told a person, so the next pass tells only news. A run another
    /// process holds meanwhile is written all the same (a note is not part of any row's state); a failure only
    /// means those rows are told again.
    public func recordTold(_ digests: [RunDigest]) async {
        for digest in digests {
            guard let told = digest.told, !told.notes.isEmpty else { continue }
            try? await Ledger(path: told.ledger).markNoticed(told.notes)
        }
    }

    /// Opens `folder` again inside its endpoint's session, does its due work and reports it.
    private func follow(
        _ folder: RunFolder, tracker: TaskTracker, index: RequestIndex?, settled: FollowedRun.Tally?, now: Date
    ) async -> RunDigest {
        let run: FollowedRun
        do {
            run = try await FollowedRun(folder: folder)
        } catch {
            return Self.unopened(folder, error)
        }
        var tally = settled ?? .init()
        do {
            tally.merge(
                try await run.pass(tracker: tracker, settings: settings, policy: policy, index: index, now: now))
            return await finish(run, tally: tally, problem: nil, now: now)
        } catch {
            return await finish(run, tally: tally, problem: "could not be followed: \(Self.describe(error))", now: now)
        }
    }

    /// Reports `folder` with `problem` when its session could not be had.
    private func report(
        _ folder: RunFolder, settled: FollowedRun.Tally?, _ problem: String, now: Date
    ) async
        -> RunDigest
    {
        do {
            let run = try await FollowedRun(folder: folder)
            return await finish(run, tally: settled ?? .init(), problem: problem, now: now)
        } catch {
            return Self.unopened(folder, error)
        }
    }

    /// Rewrites `run`'s reports when they are behind its ledger or the calendar, and reads its digest.
    private func finish(_ run: FollowedRun, tally: FollowedRun.Tally, problem: String?, now: Date) async -> RunDigest {
        var tally = tally
        do {
            // Last, so rows that became final in this pass count from now, and the reports show them minimised.
            tally.merge(try await run.minimise(policy: policy, now: now))
            var digest = try await RunDigest.read(run, now: now)
            // Deadlines move with the calendar, not only with the ledger: a request that became overdue since the
            // last rewrite is shown as such.
            let writer = ReportWriter(folder: run.folder)
            if !(try await writer.isCurrent(ledger: run.ledger))
                || (try? writer.currentCounts().deadlines) != digest.deadlines
            {
                try await writer.write(ledger: run.ledger)
            }
            digest.tally = tally
            digest.problem = problem
            digest.auditNotes = run.audit.notes
            if run.audit.didAppend { digest.auditHead = run.audit.headLine }
            if tally.archivesWithoutRecipient > 0, problem == nil {
                digest.problem =
                    "\(tally.archivesWithoutRecipient) archives not downloaded: give --archive-recipient age1… "
                    + "(or BWP_ARCHIVE_RECIPIENT, --archive-recipients-file) to keep them encrypted, or --plaintext-archives"
            }
            digest.nextWakeUp = try await run.nextWakeUp(policy: policy)
            digest.nextMinimisation = try await run.ledger.minimisationSchedule().dueAt.flatMap(Timestamp.date(from:))
            // A run that could not be followed is tried again in a minute, not in a loop.
            if digest.problem != nil { digest.nextWakeUp = max(digest.nextWakeUp ?? now, now + 60) }
            return digest
        } catch {
            return RunDigest(
                run: run.folder.name, endpoint: run.record.endpoint ?? "sandbox",
                problem: problem ?? "could not be reported: \(Self.describe(error))")
        }
    }

    /// The digest of a run that could not be opened (another process holds it, its ledger is damaged).
    private static func unopened(_ folder: RunFolder, _ error: any Error) -> RunDigest {
        if let busy = error as? FollowedRun.InUse {
            var digest = RunDigest(run: folder.name, endpoint: "unknown")
            digest.skipped = busy.description
            return digest
        }
        return RunDigest(run: folder.name, endpoint: "unknown", problem: "could not be opened: \(describe(error))")
    }

    /// An error in words for a digest: a configuration error's own message, or the error described.
    static func describe(_ error: any Error) -> String {
        if let error = error as? ConfigurationError { return error.message }
        if let failure = error as? APIFailure { return failure.message }
        return String(describing: error)
    }

    /// The digests of the runs a session's body followed, shared with it.
    private final class Results: Sendable {
        private let digests = Mutex<[String: RunDigest]>([:])

        func record(_ run: String, _ digest: RunDigest) {
            digests.withLock { $0[run] = digest }
        }

        func digest(of run: String) -> RunDigest? {
            digests.withLock { $0[run] }
        }
    }
}

extension FollowedRun.Tally {
    /// Adds `other`'s counts to these.
    mutating func merge(_ other: Self) {
        refreshed += other.refreshed
        unknown += other.unknown
        queriesFailed += other.queriesFailed
        reopened += other.reopened
        superseded += other.superseded
        gaveUp += other.gaveUp
        sent += other.sent
        notSent += other.notSent
        archivesSaved += other.archivesSaved
        archivesFailed += other.archivesFailed
        archivesWithoutRecipient += other.archivesWithoutRecipient
        archivesDeleted += other.archivesDeleted
        minimised += other.minimised
        minimisedPastMaximum += other.minimisedPastMaximum
        gaveUpAtRetention += other.gaveUpAtRetention
    }
}
