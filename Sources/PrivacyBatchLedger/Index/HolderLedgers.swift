import Foundation
import GRDB
import PrivacyBatchCore

/// Reads what other runs' ledgers know of a row, for the ``RequestIndex``'s lazy status updates.
///
/// Ledgers are opened without migrating or creating anything: a run's folder that is gone (or a row its
/// ledger never stored, after a crash between the index and the ledger) leaves the index's own record as is.
struct HolderLedgers {
    private let reports: String
    private var opened: [String: DatabaseQueue?] = [:]

    init(reports: String) {
        self.reports = reports
    }

    /// The task id and status the holder's ledger records for `row` of `run`, or `nil` when unknown.
    ///
    /// The row must still be the same request (`type`, `subject`): a run folder deleted and made again under the
    /// same name holds other shoppers in the same rows, and their status must never stand in for this one's. A
    /// ledger from before keyed hashes (no `subject` yet) is compared by hashing its email with `key`.
    mutating func current(
        run: String, row: Int, type: RequestType, subject: String, key: RecordKey
    ) throws -> (taskId: String?, status: String?)? {
        guard let queue = try ledger(of: run) else { return nil }
        // `*`: a holder not opened since keyed hashes has no `subject` column, which then reads as nil.
        let found = try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM row WHERE row = ?", arguments: [row])
        }
        guard let found, found["type"] as String? == type.rawValue else { return nil }
        let holderSubject = (found["subject"] as String?) ?? (found["email"] as String?).map(key.subject(of:))
        guard holderSubject == subject else { return nil }
        switch RowState(rawValue: found["state"] as String? ?? "") {
        case .submitted: return (found["taskId"], found["taskStatus"] ?? "SUBMITTED")
        case .rejected: return (nil, "REJECTED")
        default: return nil
        }
    }

    /// Whether `run` claimed `row` and then never stored it: its ledger existed when the claim was made
    /// (`claimedAt`) and still has no such row. A run stores a row, durably `SUBMITTING`, before its request can
    /// leave, so such a claim was never sent (the run crashed between the two, and its file was since edited).
    ///
    /// A ledger created after the claim is a run folder deleted and made again: what the old one sent is
    /// unknown, so that claim stands.
    mutating func neverStored(run: String, row: Int, claimedAt: String) throws -> Bool {
        guard let queue = try ledger(of: run) else { return false }
        return try queue.read { db in
            guard let createdAt = try String.fetchOne(db, sql: "SELECT createdAt FROM run WHERE id = 1"),
                createdAt <= claimedAt
            else { return false }
            return try Int.fetchOne(db, sql: "SELECT 1 FROM row WHERE row = ?", arguments: [row]) == nil
        }
    }

    private mutating func ledger(of run: String) throws -> DatabaseQueue? {
        if let queue = opened[run] { return queue }
        let folder = (reports as NSString).appendingPathComponent(run)
        let path = (folder as NSString).appendingPathComponent(Ledger.fileName)
        var queue: DatabaseQueue?
        // Only a folder the run itself could have made (no link, ours, writable by nobody else) is believed:
        // a planted ledger must never free a claim or lend a status. It is read, never written.
        if FileManager.default.fileExists(atPath: path), (try? SecureFile.checkFolder(folder)) != nil {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.readonly = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
        }
        opened[run] = queue
        return queue
    }
}
