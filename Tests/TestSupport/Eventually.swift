/// Why a wait in a test gave up.
public struct WaitTimedOut: Error, CustomStringConvertible {
    /// What the test was waiting for.
    public var what: String

    /// A message naming it.
    public var description: String { "timed out waiting until \(what)" }
}

/// Polls `condition` every 20 ms until it holds, throwing ``WaitTimedOut`` after 30 s.
///
/// The one way tests wait for something a background task or a child process does: on a positive signal,
/// with a deadline that is a safety net, never a timing claim.
public func eventually(_ what: String, _ condition: @Sendable () async throws -> Bool) async throws {
    for _ in 0..<1_500 {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw WaitTimedOut(what: what)
}
