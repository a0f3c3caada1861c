import PrivacyBatchAPI
import PrivacyBatchCore
import PrivacyBatchLedger

/// Sends every unanswered row of a run: rate-limited, with bounded concurrency, retrying only what is safe.
///
/// The work source hands out chunks of rows already durably `SUBMITTING`, so no request leaves before
/// its row is marked; answers are written in batches before they count as done, so a crash at any point loses nothing: the next run resends
/// the unanswered rows with their original client tokens.
public struct SubmissionEngine: Sendable {
    /// Counts of what this pass did.
    public struct Tally: Sendable, Equatable {
        /// Rows the API accepted.
        public var accepted = 0
        /// Rows the API refused.
        public var rejected = 0
        /// Rows given up after retries.
        public var gaveUp = 0
        /// Rows left for the next run because the run stopped.
        public var notSent = 0
        /// Requests sent, retries included.
        public var requests = 0
    }

    private let api: any TaskStarting
    private let settings: SubmissionSettings
    private let caller: RetryingCaller

    /// Creates an engine that sends through `api` with the retries and pacing of `caller`.
    public init(api: any TaskStarting, settings: SubmissionSettings, caller: RetryingCaller) {
        self.api = api
        self.settings = settings
        self.caller = caller
    }

    /// Creates an engine with a caller of its own.
    public init(api: any TaskStarting, settings: SubmissionSettings, stop: StopSignal) {
        self.init(api: api, settings: settings, caller: RetryingCaller(settings: settings, stop: stop))
    }

    /// Sends the run's unanswered rows (each chunk's sends and each batch of answers logged in `audit` first), reading the rest of the input through `reader` when the ledger
    /// does not hold it all yet. `onAnswers` is called after each durable batch of answers.
    ///
    /// `claims` is the run's use of the request index; without one every row is sent. With `storedOnly` only rows
    /// the ledger holds are sent (`SUBMITTING`, then `PENDING` and `ERROR`: what `follow-up` reopened, or an earlier
    /// command left unsent), never the rest of the file.
    public func submit(
        ledger: Ledger,
        run: RunRecord,
        reader: OffPoolRequestReader?,
        claims: RunClaims? = nil,
        storedOnly: Bool = false,
        audit: RunAudit? = nil,
        onAnswers: @Sendable ([SubmissionAnswer]) async -> Void = { _ in }
    ) async throws -> Tally {
        let claims =
            claims ?? RunClaims(index: nil, run: run.name, scope: RequestScope(endpoint: run.endpoint, targetID: nil))
        var source = WorkSource(
            ledger: ledger, run: run, reader: reader, claims: claims, storedOnly: storedOnly, audit: audit)
        var tally = Tally()
        let dispatcher = PacedDispatcher<PendingSubmission, SubmissionAnswer>(
            concurrency: settings.concurrency,
            limiter: caller.limiter,
            stop: caller.stop
        )
        try await dispatcher.run(
            nextChunk: { try await source.nextChunk() },
            work: { [api, caller] item in await Self.send(item, api: api, caller: caller) },
            notSent: { item in
                SubmissionAnswer(row: item.row, attempts: 0, result: .interrupted(sent: item.mayHaveLanded, cause: nil))
            },
            flush: { answers in
                if let audit {
                    try await audit.commit(answers.map(AuditEvent.init(answer:))) { try await ledger.record(answers) }
                } else {
                    try await ledger.record(answers)
                }
                try await claims.record(answers)
                for answer in answers {
                    tally.requests += answer.attempts
                    switch answer.result {
                    case .accepted: tally.accepted += 1
                    case .rejected: tally.rejected += 1
                    case .gaveUp: tally.gaveUp += 1
                    case .interrupted: tally.notSent += 1
                    }
                }
                await onAnswers(answers)
            }
        )
        return tally
    }

    private static func send(
        _ item: PendingSubmission, api: any TaskStarting, caller: RetryingCaller
    ) async
        -> SubmissionAnswer
    {
        // Attempts that failed before reaching the API are counted, so a run whose every attempt did may move
        // to another endpoint (`SubmissionAnswer.reachedAPI`).
        let unreached = UnreachedAttempts()
        let outcome = await caller.call { () async throws(APIFailure) -> String in
            do throws(APIFailure) {
                return try await api.startTask(item.request, clientToken: item.clientToken)
            } catch {
                if error.neverReachedAPI { unreached.count() }
                throw error
            }
        }
        let result: SubmissionAnswer.Result
        let attempts: Int
        switch outcome {
        case .answered(let taskId, let count):
            (result, attempts) = (.accepted(taskId: taskId), count)
        case .refused(let failure, let count):
            (result, attempts) = (.rejected(failure), count)
        case .gaveUp(let failure, let count):
            (result, attempts) = (.gaveUp(failure), count)
        case .stopped(let failure, let count):
            // Only a request that certainly never reached the API goes back to PENDING: a first attempt refused
            // for its credentials, of a row no earlier run sent. Anything else may have landed, so the row stays
            // SUBMITTING and the next run resends it with its client token.
            let refusedUnsent = count == 1 && (failure?.stopsRun ?? false)
            let sent = item.mayHaveLanded || (count > 0 && !refusedUnsent)
            (result, attempts) = (.interrupted(sent: sent, cause: failure), count)
        }
        let reached = item.mayHaveLanded || attempts > unreached.value
        return SubmissionAnswer(row: item.row, attempts: attempts, result: result, reachedAPI: reached)
    }
}
