import Foundation
import GRDB

/// The open tasks of a run grouped by their last known status, with when each group is next checked.
public struct OpenTaskGroup: Sendable, Equatable {
    /// The status as the API last gave it, or `SUBMITTED` when it was never queried.
    public var status: String
    /// How many open tasks have it.
    public var count: Int
    /// The earliest next check among them.
    public var nextCheck: Date
}

extension Ledger {
    /// Open tasks by status, in order of their next check: what a watch prints between rounds.
    public func openTaskGroups() async throws -> [OpenTaskGroup] {
        try await database.read { db in
            let records = try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(taskStatus, 'SUBMITTED') AS status, COUNT(*) AS n, MIN(nextCheckAt) AS next
                    FROM row INDEXED BY row_open_by_next_check WHERE \(Self.isOpenTask)
                    GROUP BY status ORDER BY next
                    """)
            return records.map { record in
                OpenTaskGroup(
                    status: record["status"], count: record["n"],
                    nextCheck: Date(timeIntervalSince1970: record["next"] as Double? ?? 0))
            }
        }
    }
}
