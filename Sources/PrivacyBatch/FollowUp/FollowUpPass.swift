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

    /// Creates a pass.
    public init(reports: String, runs: [String]?, policy: FollowUpPolicy, settings: SubmissionSettings) {
        self.reports = reports
        self.runs = runs
        self.policy = policy
        self.settings = settings
    }

    /// The run folders of the pass: those named (each must exist), or every folder with a ledger.
    public func folders() throws -> [RunFolder] {
        if let runs { return try runs.map { try RunFolder.existing($0, reports: reports) } }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: reports)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { RunFolder(reports: reports, name: $0) }
            .filter(\.hasLedger)
    }

    /// Does what is due in every run at `now`, rewrites the reports of the runs it changed, and returns each
    /// run's digest, in folder order.
    public func run(session: Session, stop: StopSignal, now: Date = Date()) async throws -> [RunDigest] {
        var digests: [String: RunDigest] = [:]
        var opened: [FollowedRun] = []
        let folders = try folders()
        for folder in folders {
            do {
                let run = try await FollowedRun(folder: folder)
                opened.append(run)
            } catch {
                var digest = RunDigest(run: folder.name, endpoint: "unknown")
                digest.problem = "could not be opened: \(Self.describe(error))"
                digests[folder.name] = digest
            }
        }
        var tallies: [String: FollowedRun.Tally] = [:]
        var problems: [String: String] = [:]
        var dueByEndpoint: [String: [FollowedRun]] = [:]
        for run in opened {
            do {
                var tally = FollowedRun.Tally()
                tally.gaveUp = try await run.settle(policy: policy, now: now)
                tallies[run.record.name] = tally
                if try await run.dueWork(at: now, policy: policy).needsAPI {
                    dueByEndpoint[run.record.endpoint ?? "", default: []].append(run)
                }
            } catch {
                problems[run.record.name] = "could not be followed: \(Self.describe(error))"
            }
        }
        let index = dueByEndpoint.isEmpty ? nil : try RequestIndex(reports: reports)
        for (endpoint, runs) in dueByEndpoint.sorted(by: { $0.key < $1.key }) {
            guard !stop.isStopped else { break }
            let (policy, settings) = (policy, settings)
            let results = Results()
            do {
                try await session(endpoint.isEmpty ? nil : endpoint) { tracker in
                    for run in runs {
                        guard !stop.isStopped else { return }
                        do {
                            let tally = try await run.pass(
                                tracker: tracker, settings: settings, policy: policy, index: index, now: now)
                            results.record(run.record.name, .success(tally))
                        } catch {
                            results.record(run.record.name, .failure(Self.describe(error)))
                        }
                    }
                }
            } catch {
                for run in runs where results.outcome(of: run.record.name) == nil {
                    problems[run.record.name] = "could not be followed: \(Self.describe(error))"
                }
            }
            for run in runs {
                switch results.outcome(of: run.record.name) {
                case .success(let tally):
                    tallies[run.record.name, default: .init()].merge(tally)
                case .failure(let problem):
                    problems[run.record.name] = "could not be followed: \(problem)"
                case nil:
                    break
                }
            }
        }
        for run in opened {
            let name = run.record.name
            do {
                var digest = try await RunDigest.read(run, now: now)
                // Deadlines move with the calendar, not only with the ledger: a request that became overdue
                // since the last rewrite is shown as such.
                let writer = ReportWriter(folder: run.folder)
                if !(try await writer.isCurrent(ledger: run.ledger))
                    || (try? writer.currentCounts().deadlines) != digest.deadlines
                {
                    try await writer.write(ledger: run.ledger)
                }
                digest.tally = tallies[name]
                digest.problem = problems[name]
                digest.nextWakeUp = try await run.nextWakeUp(policy: policy)
                digests[run.folder.name] = digest
            } catch {
                var digest = RunDigest(run: name, endpoint: run.record.endpoint ?? "sandbox")
                digest.problem = "could not be reported: \(Self.describe(error))"
                digests[run.folder.name] = digest
            }
        }
        return folders.compactMap { digests[$0.name] }
    }

    /// An error in words for a digest: a configuration error's own message, or the error described.
    static func describe(_ error: any Error) -> String {
        if let error = error as? ConfigurationError { return error.message }
        if let failure = error as? APIFailure { return failure.message }
        return String(describing: error)
    }

    /// What each run's pass came to, shared with the session's body.
    private final class Results: Sendable {
        enum Outcome: Equatable, Sendable {
            case success(FollowedRun.Tally)
            case failure(String)
        }

        private let outcomes = Mutex<[String: Outcome]>([:])

        func record(_ run: String, _ outcome: Outcome) {
            outcomes.withLock { $0[run] = outcome }
        }

        func outcome(of run: String) -> Outcome? {
            outcomes.withLock { $0[run] }
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
    }
}
