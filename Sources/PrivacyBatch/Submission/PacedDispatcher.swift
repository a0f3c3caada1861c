import PrivacyBatchAPI

/// Runs work items through a bounded task group at the pace of a rate limiter, collecting answers in batches.
///
/// Submission and tracking share this loop. One parent task owns the order of work and every ledger
/// write; children only call the API. Answers are handed to `flush` in batches (`batchSize` answers or 250 ms),
/// which is where the caller makes them durable. The wait for a slot returns at once when the run stops, and
/// a stopped run sends nothing new.
struct PacedDispatcher<Item: Sendable, Answer: Sendable>: Sendable {
    let concurrency: Int
    let limiter: RateLimiter
    let stop: StopSignal
    /// Answers per durable batch: each batch costs one synchronous commit.
    var batchSize = 256

    func run(
        nextChunk: () async throws -> [Item]?,
        work: @escaping @Sendable (Item) async -> Answer,
        notSent: (Item) -> Answer,
        flush: ([Answer]) async throws -> Void
    ) async throws {
        var answers: [Answer] = []
        var lastFlush = ContinuousClock.now
        try await withThrowingTaskGroup(of: Answer.self) { group in
            var inFlight = 0
            while !stop.isStopped, let chunk = try await nextChunk() {
                for item in chunk {
                    while inFlight >= concurrency, let answer = try await group.next() {
                        inFlight -= 1
                        answers.append(answer)
                    }
                    // Checked before waiting for a slot (a stopped run must not wait out the pace of every row
                    // left in the chunk); the wait itself gives up the slot when the run stops meanwhile.
                    let slot = stop.isStopped ? nil : await limiter.acquire(stop: stop)
                    if slot == nil {
                        answers.append(notSent(item))
                        continue
                    }
                    let row = (item as? any NumberedRow)?.row
                    group.addTask { await RequestLog.$row.withValue(row) { await work(item) } }
                    inFlight += 1
                    if answers.count >= batchSize || ContinuousClock.now - lastFlush > .milliseconds(250) {
                        try await flush(answers)
                        answers.removeAll(keepingCapacity: true)
                        lastFlush = .now
                    }
                }
            }
            while let answer = try await group.next() {
                answers.append(answer)
                if answers.count >= batchSize {
                    try await flush(answers)
                    answers.removeAll(keepingCapacity: true)
                }
            }
        }
        if !answers.isEmpty { try await flush(answers) }
    }

    /// Runs `items` through the loop in chunks of `chunkSize`, for work that is already listed.
    func run(
        over items: [Item],
        chunkSize: Int = 64,
        work: @escaping @Sendable (Item) async -> Answer,
        notSent: (Item) -> Answer,
        flush: ([Answer]) async throws -> Void
    ) async throws {
        var remaining = items[...]
        try await run(
            nextChunk: {
                guard !remaining.isEmpty else { return nil }
                let chunk = Array(remaining.prefix(chunkSize))
                remaining = remaining.dropFirst(chunk.count)
                return chunk
            },
            work: work,
            notSent: notSent,
            flush: flush
        )
    }
}
