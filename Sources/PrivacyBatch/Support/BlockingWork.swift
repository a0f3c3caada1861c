import NIOPosix

/// Runs blocking file work on NIO's shared thread pool for blocking I/O, so it never holds one of the two
/// threads Swift's cooperative pool has on a 2-core machine (shared with the sandbox simulator answering the
/// same command).
public enum BlockingWork {
    /// The result of `body`, run on a blocking-I/O thread.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
