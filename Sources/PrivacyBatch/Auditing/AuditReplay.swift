import AuditTrail
import PrivacyBatchLedger

/// Every row's last known state as the audit log tells it, replayed entry by entry, in a fixed-size record per
/// row (a few bytes, not strings), so a million-row run replays in tens of megabytes whatever its log's length.
///
/// Task ids and archive digests are kept as 64-bit hashes: enough to tell that the ledger disagrees, and the
/// message then says which field does.
struct AuditReplay: Sendable {
    /// One row's facts; a field counts only when its bit is in `known`.
    struct Facts: Sendable {
        var known: UInt8 = 0
        var state: UInt8 = 0
        var status: UInt8 = 0
        var flags: UInt8 = 0
        var taskId: UInt64 = 0
        var archive: UInt64 = 0

        mutating func set(state: UInt8) {
            known |= Known.state
            self.state = state
        }

        mutating func setStatus(_ status: UInt8) {
            known |= Known.status
            self.status = status
        }

        mutating func setTask(_ task: UInt64) {
            known |= Known.taskId
            taskId = task
        }
    }

    private enum Known {
        static let state: UInt8 = 1
        static let status: UInt8 = 2
        static let taskId: UInt8 = 4
        static let archive: UInt8 = 8
        static let gaveUp: UInt8 = 16
    }

    private enum Flag {
        static let archiveDeleted: UInt8 = 1
        static let gaveUp: UInt8 = 2
    }

    /// Why an entry cannot be replayed.
    struct Problem: Error {
        var line: Int
        var message: String
    }

    private static let states = RowState.allCases
    /// Rows the ledger may hold, indexed by row number.
    private var rows: [Facts]
    /// Task statuses seen, coded by position + 1; 0 is "no status".
    private var statuses: [String] = []
    /// The log began after the run had rows (`audit-started`): rows it never names are not checked.
    private(set) var startedLate = false
    /// Entries replayed.
    private(set) var entries = 0

    /// A replay for a ledger whose highest row is `lastRow`.
    init(lastRow: Int) {
        rows = Array(repeating: Facts(), count: lastRow + 1)
    }

    mutating func apply(_ entry: AuditEntry) throws(Problem) {
        entries += 1
        switch entry.event {
        case "audit-started":
            startedLate = true
            return
        case "recovered":
            // The entries before it that the ledger never committed: the rows they name are as restated here.
            if case .array(let restated)? = entry.field("rows") {
                for case .object(let members) in restated { try restate(members, line: entry.seq) }
            }
            return
        case "rebound":
            let pending = Self.code(.pending)
            let moved: Set<UInt8> = [Self.code(.submitting), Self.code(.error), Self.code(.alreadyRequested)]
            for index in rows.indices where rows[index].known & Known.state != 0 && moved.contains(rows[index].state) {
                rows[index].state = pending
                rows[index].known |= Known.taskId | Known.status
                rows[index].taskId = 0
                rows[index].status = 0
            }
            return
        default:
            break
        }
        guard let value = entry.field("row") else { return }
        guard let number = value.integerValue, number >= 1, number < rows.count else {
            throw Problem(line: entry.seq, message: "the entry names row \(value), which the ledger does not hold")
        }
        let row = Int(number)
        var facts = rows[row]
        switch entry.event {
        case "sent", "resent":
            facts.set(state: Self.code(.submitting))
            facts.setTask(0)
            facts.setStatus(0)
        case "answer":
            guard let name = entry.field("state")?.stringValue, let state = RowState(rawValue: name) else {
                throw Problem(line: entry.seq, message: "the answer has no valid state")
            }
            facts.set(state: Self.code(state))
            if let task = entry.field("taskId")?.stringValue { facts.setTask(Self.hash(task)) }
        case "status", "cancelled":
            let status = entry.field(entry.event == "status" ? "new" : "status")?.stringValue
            facts.setStatus(code(status))
            if let task = entry.field("taskId")?.stringValue { facts.setTask(Self.hash(task)) }
        case "archive-saved":
            facts.known |= Known.archive
            facts.archive = Self.hash(entry.field("sha256")?.stringValue ?? "")
            facts.flags &= ~Flag.archiveDeleted
        case "archive-deleted":
            facts.flags |= Flag.archiveDeleted
        case "reopened":
            facts.set(state: Self.code(.submitting))
            facts.setTask(0)
            facts.setStatus(0)
        case "already-requested":
            facts.set(state: Self.code(.alreadyRequested))
            facts.setTask(entry.field("taskId")?.stringValue.map(Self.hash) ?? 0)
            facts.setStatus(code(entry.field("status")?.stringValue))
        case "gave-up":
            facts.known |= Known.gaveUp
            facts.flags |= Flag.gaveUp
        default:
            // Events that change none of the compared columns (cancel refusals, minimisation) and events of later
            // versions: the chain has vouched for them; there is nothing to replay.
            break
        }
        rows[row] = facts
    }

    /// Sets a row's facts from a `recovered` entry's restatement of the ledger.
    private mutating func restate(_ members: [AuditField], line: Int) throws(Problem) {
        func value(_ name: String) -> AuditValue? { members.first { $0.name == name }?.value }
        guard let number = value("row")?.integerValue, number >= 1, number < rows.count,
            let name = value("state")?.stringValue, let state = RowState(rawValue: name)
        else { throw Problem(line: line, message: "the recovered entry restates a row the ledger does not hold") }
        var facts = Facts()
        facts.set(state: Self.code(state))
        facts.setTask(value("taskId")?.stringValue.map(Self.hash) ?? 0)
        facts.setStatus(code(value("taskStatus")?.stringValue))
        facts.known |= Known.archive | Known.gaveUp
        facts.archive = value("archiveSHA256")?.stringValue.map(Self.hash) ?? 0
        if value("archiveDeleted") == .bool(true) { facts.flags |= Flag.archiveDeleted }
        if value("gaveUp") == .bool(true) { facts.flags |= Flag.gaveUp }
        rows[Int(number)] = facts
    }

    /// How `row` as the ledger holds it disagrees with the log, or `nil` when it agrees.
    func disagreement(with row: LedgerRow) -> String? {
        guard row.row >= 0, row.row < rows.count else { return "the row is past the ledger's last row" }
        let facts = rows[row.row]
        if facts.known == 0 {
            guard !startedLate else { return nil }
            let neverSent: [RowState] = [.pending, .invalid, .duplicate, .alreadyRequested]
            if !neverSent.contains(row.state) {
                return "the ledger says \(row.state.rawValue), but the log records no request sent for it"
            }
            if row.archiveSHA256 != nil { return "the ledger records an archive the log does not" }
            return nil
        }
        if facts.known & Known.state != 0, Self.states[Int(facts.state)] != row.state {
            return "the ledger says \(row.state.rawValue), the log says \(Self.states[Int(facts.state)].rawValue)"
        }
        if facts.known & Known.status != 0, facts.status != code(known: row.taskStatus) {
            let logged = facts.status == 0 ? "none" : statuses[Int(facts.status) - 1]
            return "the ledger's task status is \(row.taskStatus ?? "none"), the log says \(logged)"
        }
        if facts.known & Known.taskId != 0, facts.taskId != (row.taskId.map(Self.hash) ?? 0) {
            return "the ledger's task id is not the one the log records"
        }
        let ledgerArchive = row.archiveSHA256.map(Self.hash)
        if facts.known & Known.archive != 0 {
            if (ledgerArchive ?? 0) != facts.archive {
                return "the ledger's archive SHA-256 is not the one the log records"
            }
            if (row.archiveDeletedAt != nil) != (facts.flags & Flag.archiveDeleted != 0) {
                return row.archiveDeletedAt != nil
                    ? "the ledger says its archive was deleted; the log does not"
                    : "the log says its archive was deleted; the ledger does not"
            }
        } else if ledgerArchive != nil, !startedLate {
            return "the ledger records an archive the log does not"
        }
        if (row.gaveUpAt != nil) != (facts.flags & Flag.gaveUp != 0), facts.known & Known.gaveUp != 0 || !startedLate {
            return row.gaveUpAt != nil
                ? "the ledger says it was given up; the log does not"
                : "the log says it was given up; the ledger does not"
        }
        return nil
    }

    /// Whether the log names `row` at all.
    func mentions(_ row: Int) -> Bool { row >= 0 && row < rows.count && rows[row].known != 0 }

    private static func code(_ state: RowState) -> UInt8 { UInt8(states.firstIndex(of: state) ?? 0) }

    private mutating func code(_ status: String?) -> UInt8 {
        guard let status else { return 0 }
        if let index = statuses.firstIndex(of: status) { return UInt8(index + 1) }
        // The API has five statuses; a log naming hundreds is not one this tool wrote.
        guard statuses.count < 250 else { return 255 }
        statuses.append(status)
        return UInt8(statuses.count)
    }

    private func code(known status: String?) -> UInt8 {
        guard let status else { return 0 }
        return statuses.firstIndex(of: status).map { UInt8($0 + 1) } ?? 254
    }

    /// FNV-1a, 64-bit; never 0, which stands for "none".
    static func hash(_ text: String) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        return value == 0 ? 1 : value
    }
}
