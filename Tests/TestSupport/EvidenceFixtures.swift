import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// Runs in a reports folder whose rows carry keyed hashes and due days, for the tests of evidence.
public enum EvidenceFixtures {
    /// A valid row of a two-column input (`email,request_type`), received `daysAgo` days before now.
    public static func request(
        _ row: Int, _ email: String, _ type: RequestType = .deletion, receivedDaysAgo daysAgo: Int? = nil
    ) -> InputRow {
        var request = PrivacyRequest(type: type, email: email, holdingPeriod: type == .deletion ? 10 : nil)
        if let daysAgo, let day = CalendarDay(iso: day(daysAgo: daysAgo)) {
            request.receivedAt = ReceivedDate(day: day)
        }
        return InputRow(row: row, line: row + 1, values: [email, type.rawValue], verdict: .valid(request))
    }

    /// `YYYY-MM-DD` (UTC) of `daysAgo` days before now.
    public static func day(daysAgo: Int) -> String {
        String(Timestamp.string(Date().addingTimeInterval(-Double(daysAgo) * 86_400)).prefix(10))
    }

    /// A run named `name` under `reports` holding `rows`, its shoppers hashed under `key`, due by GDPR.
    public static func run(
        _ name: String, reports: String, rows: [InputRow], key: RecordKey = .testing
    ) async throws -> (RunFolder, Ledger) {
        let folder = RunFolder(reports: reports, name: name)
        try folder.create()
        let ledger = try Ledger(path: folder.ledger)
        var record = RunRecord(
            name: name, inputPath: "\(name).csv", inputSHA256: LedgerFixtures.digest,
            header: ["email", "request_type"],
            defaults: .init(), endpoint: nil, createdAt: "2026-11-22T00:00:00.000Z")
        record.deadlineRule = DeadlineRule.gdpr.argument
        record.recordKeyId = key.id
        try await ledger.create(record)
        try await ledger.ingest(rows, scope: .sandbox, complete: true, deadline: .gdpr, recordKey: key)
        return (folder, ledger)
    }
}
