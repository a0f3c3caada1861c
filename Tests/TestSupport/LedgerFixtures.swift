import PrivacyBatchCore
import PrivacyBatchLedger

/// Ledgers and input rows for the tests of every stage that reads or writes a ledger.
public enum LedgerFixtures {
    /// The input digest every fixture run records.
    public static let digest = String(repeating: "0f", count: 32)

    /// A valid row of a two-column input (`email,request_type`).
    public static func valid(
        _ row: Int, _ email: String, _ type: RequestType = .deletion, holdingPeriod: Int? = 10
    ) -> InputRow {
        InputRow(
            row: row,
            line: row + 1,
            values: [email, type.rawValue],
            verdict: .valid(
                PrivacyRequest(
                    type: type,
                    email: email,
                    holdingPeriod: type == .deletion ? holdingPeriod : nil,
                    reason: nil
                )
            )
        )
    }

    /// A row that broke `code`.
    public static func invalid(_ row: Int, _ code: RowErrorCode, values: RowCells = ["bad", "deletion"]) -> InputRow {
        InputRow(row: row, line: row + 1, values: values, verdict: .invalid(RowProblem(code: code, message: "problem")))
    }

    /// A ledger with a run over a two-column input (`email,request_type`).
    public static func ledger(
        in directory: TemporaryDirectory, rows: [InputRow], complete: Bool = true
    ) async throws -> Ledger {
        let ledger = try Ledger(path: directory.file("ledger.sqlite"))
        try await ledger.create(
            RunRecord(
                name: "test",
                inputPath: "input.csv",
                inputSHA256: digest,
                header: ["email", "request_type"],
                defaults: .init(),
                endpoint: nil,
                createdAt: "2026-11-22T00:00:00.000Z"
            )
        )
        try await ledger.ingest(rows, scope: .sandbox, complete: complete)
        return ledger
    }
}

extension Ledger {
    /// Every row, in row order, read in one snapshot: for assertions on small test ledgers.
    public func allRows() async throws -> [LedgerRow] {
        try await read { snapshot in
            var rows: [LedgerRow] = []
            try snapshot.forEachRow { rows.append($0) }
            return rows
        }
    }
}
