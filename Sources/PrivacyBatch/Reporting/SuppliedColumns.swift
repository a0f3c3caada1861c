import PrivacyBatchCore
import PrivacyBatchLedger

/// How a retry file's columns mean, without any flag, the requests the run sent.
///
/// `failures.csv` and `orders-not-closed.csv` are meant to be fed back as input with no flags, so they must mean
/// the same request read with the default column mapping (the alias table) alone:
/// - values a run took from flags (`--type`, `--holding-period`, `--reason`) are written in: when the run had no
///   column for the role, the file gains a `request_type` / `holding_period` / `reason` column; when it had one
///   but a row's cell was empty and the flag's value stood in, that row's cell is written with the value sent;
/// - a column the run mapped with `--column ROLE=HEADER` is headed with the role's own name (`Notiz` becomes
///   `reason`), so the alias table finds it;
/// - a column the run did not read but whose name the alias table would map, or would refuse as a lookalike
///   (`--column none=reason`, or a second `Email` column beside `--column email=Kunde`), is headed
///   `column N (NAME)`, which maps to nothing: its cells are carried, never sent.
///
/// Every data cell is the input's own, byte for byte.
struct SuppliedColumns {
    /// The retry files' header: the run's columns, renamed as above, then the added ones.
    private(set) var header: [String] = []
    private let addsType: Bool
    private let addsHoldingPeriod: Bool
    private let addsReason: Bool
    /// Header positions of role columns whose empty cells a flag filled.
    private let filled: [(index: Int, role: ColumnRole)]

    /// The columns of a run whose file had `header`, read with the `--column` `assignments` it was started with.
    init(header runHeader: [String], defaults: ValidationDefaults, assignments: [ColumnAssignment] = []) {
        // The run was read with this mapping, so it cannot fail here; if it did, the alias table is what a
        // retry file is read with anyway.
        let columns: [(header: String, role: ColumnRole?)] =
            (try? ColumnMapping(header: runHeader, assignments: assignments, path: "", delimiter: ",").columns)?
            .map { ($0.header, $0.role) } ?? runHeader.map { ($0, ColumnRole(headerName: $0)) }
        let present = Set(columns.compactMap(\.role))
        let supplied: [ColumnRole: Bool] = [
            .requestType: defaults.type != nil, .holdingPeriod: defaults.holdingPeriod != nil,
            .reason: defaults.reason != nil,
        ]
        addsType = supplied[.requestType] == true && !present.contains(.requestType)
        addsHoldingPeriod = supplied[.holdingPeriod] == true && !present.contains(.holdingPeriod)
        addsReason = supplied[.reason] == true && !present.contains(.reason)
        for (index, column) in columns.enumerated() {
            header.append(Self.retryName(of: column, at: index))
        }
        if addsType { header.append(ColumnRole.requestType.rawValue) }
        if addsHoldingPeriod { header.append(ColumnRole.holdingPeriod.rawValue) }
        if addsReason { header.append(ColumnRole.reason.rawValue) }
        var filled: [(Int, ColumnRole)] = []
        for (index, column) in columns.enumerated() {
            guard let role = column.role, supplied[role] == true else { continue }
            filled.append((index, role))
        }
        self.filled = filled
    }

    /// A column's name in a retry file, so the alias table alone gives it the role it had in the run.
    private static func retryName(of column: (header: String, role: ColumnRole?), at index: Int) -> String {
        if let role = column.role {
            return ColumnRole(headerName: column.header) == role ? column.header : role.rawValue
        }
        let readByDefault =
            ColumnRole(headerName: column.header) != nil || ColumnRole.resembled(byHeaderName: column.header) != nil
        // The trailing parenthesis is ignored when headers are matched: the name is kept for people only.
        return readByDefault ? "column \(index + 1) (\(column.header))" : column.header
    }

    /// The row's cells for a file fed back as input: its own cells, flag-filled where they were empty, then
    /// the added columns.
    func inputCells(_ cells: [String], for row: LedgerRow) -> [String] {
        var cells = cells
        if row.type != nil {
            for (index, role) in filled where index < cells.count && cells[index].isEmpty {
                cells[index] = value(of: role, in: row)
            }
        }
        if addsType { cells.append(value(of: .requestType, in: row)) }
        if addsHoldingPeriod { cells.append(value(of: .holdingPeriod, in: row)) }
        if addsReason { cells.append(value(of: .reason, in: row)) }
        return cells
    }

    private func value(of role: ColumnRole, in row: LedgerRow) -> String {
        switch role {
        case .requestType: row.type?.rawValue ?? ""
        case .holdingPeriod: row.type == .deletion ? row.holdingPeriod.map(String.init) ?? "" : ""
        case .reason: row.type == .deletion ? row.reason ?? "" : ""
        case .email, .dataSubjectType, .receivedAt: ""
        }
    }
}
