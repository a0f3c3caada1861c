import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// `forget --email`: a shopper asking to be forgotten by this tool too. Every run of a reports folder is searched
/// by the shopper's keyed hash, and the rows found are minimised now, whatever their retention.
///
/// A row the tool still needs (to be sent, in flight, its task open) keeps its values and is counted, so the
/// request the shopper made is still carried out; a later `forget` (or the retention) takes it once it ends.
public struct ShopperForgetting: Sendable {
    /// What one run held of the shoppers.
    public struct RunResult: Sendable, Equatable {
        /// The run's name.
        public var run: String
        /// Rows minimised now.
        public var minimised = 0
        /// Rows found already minimised.
        public var alreadyMinimised = 0
        /// Rows kept because the tool still needs them.
        public var inUse = 0
        /// Why the run could not be searched (another process holds it, its ledger cannot be read).
        public var problem: String?
    }

    /// The reports folder.
    public let reports: String
    /// The keys shoppers were hashed with.
    public let keyring: RecordKeyring

    /// Creates a search of the runs under `reports`.
    public init(reports: String, keyring: RecordKeyring) {
        self.reports = reports
        self.keyring = keyring
    }

    /// Minimises every row of the shoppers `emails` in every run; returns the runs that held any (or failed).
    public func forget(emails: [String]) async throws -> [RunResult] {
        var results: [RunResult] = []
        let known = try keyring.existingKeys()
        for folder in try RunFolder.all(in: reports) {
            var result = RunResult(run: folder.name)
            do {
                guard let lock = try RunLock.ifFree(folder: folder) else {
                    result.problem = "in use by another privacy-batch process: run forget again when it is done"
                    results.append(result)
                    continue
                }
                defer { withExtendedLifetime(lock) {} }
                let ledger = try Ledger(path: folder.ledger)
                guard let record = try await ledger.run() else { continue }
                // The key the run was hashed with, among those here; none is made for a search. A run from before
                // keyed hashes adopts the key of its kind (sandbox or not), as any command opening it does.
                let key: RecordKey
                if let recorded = record.recordKeyId {
                    guard let found = known.first(where: { $0.id == recorded }) else {
                        result.problem =
                            "hashed under record key \(recorded), which is not here: restore that key file to search it"
                        results.append(result)
                        continue
                    }
                    key = found
                } else {
                    key = try keyring.key(sandbox: record.isSandbox)
                    _ = try await ledger.adopt(key)
                }
                let subjects = Set(emails.map(key.subject(of:)))
                let found = try await ledger.rows(withSubjects: Array(subjects))
                guard !found.isEmpty else { continue }
                result.alreadyMinimised = found.filter { $0.minimisedAt != nil }.count
                let audit = try await RunAudit.open(folder: folder, ledger: ledger)
                defer { audit.close() }
                let tally = try await Minimiser(folder: folder, ledger: ledger, record: record, audit: audit)
                    .minimise(.subjects(subjects))
                result.minimised = tally.minimised
                result.inUse = tally.inUse
                if tally.minimised > 0 { try await ReportWriter(folder: folder).write(ledger: ledger) }
            } catch {
                result.problem = "could not be searched: \(error)"
            }
            results.append(result)
        }
        return results
    }
}
