import GRDB
import Synchronization

/// The audit head that every changing transaction inside ``Ledger/withAuditHead(_:_:)`` records, and whether one
/// did.
///
/// A task-local rather than a parameter of each write: the writes that follow an audit append are many
/// (answers, statuses, archives, reopens), and the sequencing belongs to the one caller that appends
/// (`RunAudit`), not to every write's signature.
final class LedgerAuditStamp: Sendable {
    @TaskLocal static var current: LedgerAuditStamp?

    let head: LedgerAuditHead
    private let written = Mutex(false)

    init(head: LedgerAuditHead) { self.head = head }

    /// Whether a transaction recorded the head.
    var wasWritten: Bool { written.withLock { $0 } }

    /// Records the head inside the caller's transaction.
    func write(_ db: Database) throws {
        try db.execute(
            sql: "UPDATE run SET auditSeq = ?, auditHash = ? WHERE id = 1", arguments: [head.seq, head.hash])
        written.withLock { $0 = true }
    }
}
