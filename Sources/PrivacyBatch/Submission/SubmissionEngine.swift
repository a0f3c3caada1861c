/// Sends every unanswered row of a run: rate-limited, with bounded concurrency, retrying only what is safe.
///
/// One parent loop owns the order of work and the ledger writes; a task group of at most
/// `concurrency` children sends the requests. A chunk of rows is durably `SUBMITTING` before any of
/// its requests leaves, and answers are written in batches before they count as done, so a crash at
/// any point loses nothing: the next run resends the unanswered rows with their original client tokens.
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
    private let stop: StopSignal
    private let limiter: RateLimiter
    private let policy: RetryPolicy
    private let breaker: CircuitBreaker
    private let budget: RetryBudget

    /// Creates an engine that sends through `api` and watches `stop`.
    public init(api: any TaskStarting, settings: SubmissionSettings, stop: StopSignal) {
        self.api = api
        self.settings = settings
        self.stop = stop
        limiter = RateLimiter(rate: settings.rate, burst: settings.burst)
        policy = RetryPolicy(maxAttempts: settings.maxAttempts)
        breaker = CircuitBreaker(maxFailureRate: settings.maxFailureRate)
        budget = RetryBudget(initial: settings.retryBudget)
    }

    /// The limiter, so progress can show the rate in force.
    public var rateLimiter: RateLimiter { limiter }

    /// Sends the run's unanswered rows, reading the rest of the input through `reader` when the ledger
    /// does not hold it all yet. `onAnswers` is called after each durable batch of answers.
    public func submit(
        ledger: Ledger,
        run: RunRecord,
        reader: RequestFileReader?,
        onAnswers: @Sendable ([SubmissionAnswer]) async -> Void = { _ in }
    ) async throws -> Tally {
        var source = WorkSource(ledger: ledger, run: run, reader: reader)
        var tally = Tally()
        var answers: [SubmissionAnswer] = []
        var lastFlush = ContinuousClock.now

        func flush() async throws {
            guard !answers.isEmpty else { return }
            try await ledger.record(answers)
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
            answers.removeAll(keepingCapacity: true)
            lastFlush = .now
        }

        try await withThrowingTaskGroup(of: SubmissionAnswer.self) { group in
            var inFlight = 0
            while !stop.isStopped, let chunk = try await source.nextChunk() {
                try await ledger.markSubmitting(chunk.map(\.row))
                for item in chunk {
                    while inFlight >= settings.concurrency, let answer = try await group.next() {
                        inFlight -= 1
                        answers.append(answer)
                    }
                    try await limiter.acquire()
                    // Checked after waiting: the answer that freed the slot may be the one that stopped the run.
                    if stop.isStopped {
                        answers.append(SubmissionAnswer(row: item.row, attempts: 0, result: .interrupted(sent: false, cause: nil)))
                        continue
                    }
                    group.addTask { await send(item) }
                    inFlight += 1
                    if answers.count >= 64 || ContinuousClock.now - lastFlush > .milliseconds(250) {
                        try await flush()
                    }
                }
            }
            while let answer = try await group.next() {
                answers.append(answer)
                if answers.count >= 64 { try await flush() }
            }
            try await flush()
        }
        return tally
    }

    /// Sends one row until it has an answer, retrying only throttling and transient failures.
    private func send(_ item: PendingSubmission) async -> SubmissionAnswer {
        var generator = SystemRandomNumberGenerator()
        var attempts = 0
        var throttled = 0
        budget.earn()
        while true {
            attempts += 1
            let failure: APIFailure
            do {
                let taskId = try await api.startTask(item.request, clientToken: item.clientToken)
                _ = breaker.record(failedTransiently: false)
                await limiter.succeeded()
                return SubmissionAnswer(row: item.row, attempts: attempts, result: .accepted(taskId: taskId))
            } catch {
                failure = error
            }
            var retryAfter: Double?
            switch failure {
            case .throttled(let hint):
                throttled += 1
                retryAfter = hint
                await limiter.throttled(retryAfter: hint)
                if throttled >= policy.maxThrottledAttempts {
                    return SubmissionAnswer(row: item.row, attempts: attempts, result: .gaveUp(failure))
                }
            case .transient:
                if let reason = breaker.record(failedTransiently: true) { stop.stop(reason) }
                if attempts - throttled >= policy.maxAttempts || !budget.spend() {
                    return SubmissionAnswer(row: item.row, attempts: attempts, result: .gaveUp(failure))
                }
            case .authentication, .authorization:
                stop.stop(.authentication(failure))
                // A refused credential means the request was not applied: the row is simply not sent yet.
                return SubmissionAnswer(row: item.row, attempts: attempts, result: .interrupted(sent: false, cause: failure))
            default:
                _ = breaker.record(failedTransiently: false)
                return SubmissionAnswer(row: item.row, attempts: attempts, result: .rejected(failure))
            }
            let delay = policy.delay(afterAttempt: max(1, attempts - throttled), retryAfter: retryAfter, using: &generator)
            if await !sleepUnlessStopped(seconds: delay) {
                return SubmissionAnswer(row: item.row, attempts: attempts, result: .interrupted(sent: true, cause: failure))
            }
            try? await limiter.acquire()
        }
    }

    /// Sleeps in short slices so a stop is noticed quickly; returns `false` when the run stopped meanwhile.
    private func sleepUnlessStopped(seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if stop.isStopped || Task.isCancelled { return false }
            let slice = min(deadline - .now, .milliseconds(200))
            try? await Task.sleep(for: slice)
        }
        return !stop.isStopped
    }
}
