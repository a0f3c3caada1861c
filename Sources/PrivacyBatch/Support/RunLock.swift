import Foundation
import PrivacyBatchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a run's folder, held for as long as a command works on the run.
///
/// Two processes on one run would resend the same unanswered rows and race on the ledger; the second
/// one is refused instead. The lock is `flock(2)`, so it dies with its process: a crash leaves no stale lock.
public final class RunLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock of the run in `folder`, or fails at once if another process holds it.
    public convenience init(folder: RunFolder) throws {
        guard let descriptor = try Self.take(folder) else {
            throw ConfigurationError(
                "run '\(folder.name)' is in use by another privacy-batch process; wait for it to finish (or stop it) and run the command again"
            )
        }
        self.init(descriptor: descriptor)
    }

    /// Takes the lock of the run in `folder`, or returns `nil` at once when another process holds it.
    public static func ifFree(folder: RunFolder) throws -> RunLock? {
        try take(folder).map(RunLock.init(descriptor:))
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    private static func take(_ folder: RunFolder) throws -> Int32? {
        try SecureFile.createDirectory(folder.path)
        let path = folder.file(".lock")
        let descriptor = open(path, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", path: path) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
