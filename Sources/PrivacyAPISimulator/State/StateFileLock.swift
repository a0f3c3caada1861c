import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock(2)` on `<stateFile>.lock`, held for the simulator's life.
///
/// Two simulators on one state file would each keep their own view of the tasks and both write it:
/// two sandbox commands sharing `<reports>/.sandbox` once made 100 tasks for 60 shoppers. The second
/// one is refused instead; the lock dies with its process, so a crash leaves nothing stale.
final class StateFileLock: Sendable {
    private let descriptor: Int32

    init(stateFile: String) throws {
        let path = stateFile + ".lock"
        let descriptor = open(path, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SimulatorError.stateFile(path: stateFile, reason: "cannot open its lock \(path)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw SimulatorError.stateFile(
                path: stateFile,
                reason:
                    "in use by another simulator (another privacy-batch command on the same --reports?); wait for it to finish, or use another --reports"
            )
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
