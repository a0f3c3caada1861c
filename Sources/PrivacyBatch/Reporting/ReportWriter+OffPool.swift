import Dispatch
import PrivacyBatchLedger

extension ReportWriter {
    /// One serial queue for every rewrite: reports of one run are never written twice at once anyway.
    private static let queue = DispatchQueue(label: "privacy-batch.reports", qos: .utility)

    /// Writes every report like ``write(ledger:context:)``, on a dispatch queue of its own.
    ///
    /// A rewrite reads the whole ledger and writes four files: at a million rows that is seconds of blocking
    /// I/O, which must not hold a thread of Swift's cooperative pool (two threads on a 2-core machine, shared
    /// with the sandbox simulator that answers the same command's requests).
    public func writeOffPool(ledger: Ledger, context: Context = Context()) async throws -> Counts {
        try await withCheckedThrowingContinuation { continuation in
            Self.queue.async {
                continuation.resume(with: Result { try write(ledger: ledger, context: context) })
            }
        }
    }
}
