import Dispatch
import Foundation
import PrivacyBatch

/// Turns SIGINT and SIGTERM into a graceful stop; a second signal ends the process at once.
///
/// The ledger is safe either way: a hard exit only means the in-flight rows are resent (with their
/// client tokens) by the next run.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    init(stop: StopSignal) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if stop.isStopped {
                    Console.note("\nsecond signal: exiting now; rerun the same command to resume")
                    Foundation.exit(128 + number)
                }
                Console.note("\nstopping: no new rows; waiting for requests in flight…")
                stop.stop(.interrupted(signal: number))
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
