import Foundation
import PrivacyBatch
import UnixSignals

/// Turns SIGINT and SIGTERM into a graceful stop; a second signal ends the process at once.
///
/// The signals arrive as swift-service-lifecycle's `UnixSignalsSequence`, the same machinery the simulator's
/// service group uses, and become the run's ``StopSignal``, which wakes every wait at once. The ledger is
/// safe either way: a hard exit only means the in-flight rows are resent (with their client tokens) by the
/// next run.
final class SignalTrap: Sendable {
    private let listener: Task<Void, Never>

    /// Traps the signals before it returns, so none can end the process between here and the work.
    init(stop: StopSignal) async {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        listener = Task {
            for await signal in signals {
                let number = signal.rawValue
                if stop.isStopped {
                    Console.note("\nsecond signal: exiting now; rerun the same command to resume")
                    PrivacyBatchCommand.exit(
                        documenting: "stopped by a second signal; rerun the same command to resume",
                        status: 128 + number)
                }
                Console.note("\nstopping: no new rows; waiting for requests in flight…")
                stop.stop(.interrupted(signal: number))
            }
        }
    }

    deinit {
        listener.cancel()
    }
}
