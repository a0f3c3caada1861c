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

    /// Runs `exchange`, cancelling it and throwing ``Exceeded`` once `limit` has passed.
    static func run<T: Sendable>(
        _ limit: Duration,
        _ exchange: @Sendable @escaping () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await exchange() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw Exceeded(limit: limit)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw Exceeded(limit: limit) }
            return first
        }
    }

    /// The same span as NIO's `TimeAmount`, for the client's own (shorter-lived) head deadline.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
