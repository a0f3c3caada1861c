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
    public init(folder: RunFolder) throws {
        try SecureFile.createDirectory(folder.path)
        let path = folder.file(".lock")
        let descriptor = open(path, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", path: path) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw ConfigurationError(
                "run '\(folder.name)' is in use by another privacy-batch process; wait for it to finish (or stop it) and run the command again"
            )
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
