import NIOCore

/// A total deadline for one HTTP exchange: connecting, the response head and the whole body.
///
/// AsyncHTTPClient's own deadline ends when the response head arrives, so a server that trickles its body
/// one byte at a time could hold a request (and a stopping run) forever; here the whole exchange is one
/// child task that is cancelled when the deadline passes.
enum RequestDeadline {
    /// The exchange did not finish in time.
    struct Exceeded: Error, CustomStringConvertible {
        let limit: Duration
        var description: String { "no complete answer within \(limit.components.seconds) s" }
    }

    /// Runs `exchange`, cancelling it and throwing ``Exceeded`` once `limit` has passed; the deadline's timer
    /// runs on one of `timers`' event loops (the HTTP client's own).
    static func run<T: Sendable>(
        _ limit: Duration,
        timers: any EventLoopGroup,
        _ exchange: @Sendable @escaping () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await exchange() }
            group.addTask {
                try await sleep(for: limit, on: timers.any())
                throw Exceeded(limit: limit)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw Exceeded(limit: limit) }
            return first
        }
    }

    /// Sleeps for `limit`, throwing at once when the task is cancelled.
    ///
    /// Not `Task.sleep`: a cancelled `Task.sleep` returns at once but its timer (about 700 bytes) stays queued
    /// until the full `limit` has passed, so every answered request left one behind for 30 s — at thousands of
    /// requests a second, tens of MiB. A cancelled NIO timer is taken off its event loop's queue at once.
    private static func sleep(for limit: Duration, on eventLoop: any EventLoop) async throws {
        let timer = eventLoop.scheduleTask(in: timeAmount(limit)) {}
        try await withTaskCancellationHandler {
            try await timer.futureResult.get()
        } onCancel: {
            timer.cancel()
        }
    }

    /// The same span as NIO's `TimeAmount`, for the client's own (shorter-lived) head deadline.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
