import PrivacyBatchCore
import PrivacyBatchLedger

/// Values a run took from flags rather than from the file (`--type`, `--holding-period`, `--reason`).
///
/// `failures.csv` and `orders-not-closed.csv` are meant to be fed back as input, so they must mean the same
/// request without the flags: when a column is missing, they gain a `request_type` / `holding_period` /
/// `reason` column; when the column is there but a row's cell was empty and a flag's value stood in, that
/// row's cell is written with the value the run sent. Every other cell is the input's, byte for byte.
struct SuppliedColumns {
    private(set) var names: [String] = []
    private let addsType: Bool
    private let addsHoldingPeriod: Bool
    private let addsReason: Bool
    /// Header positions of role columns whose empty cells a flag filled.
    private let filled: [(index: Int, role: ColumnRole)]

    init(header: [String], defaults: ValidationDefaults) {
        let roles = header.map(ColumnRole.init(headerName:))
        let present = Set(roles.compactMap { $0 })
        let supplied: [ColumnRole: Bool] = [
            .requestType: defaults.type != nil, .holdingPeriod: defaults.holdingPeriod != nil,
            .reason: defaults.reason != nil,
        ]
        addsType = supplied[.requestType] == true && !present.contains(.requestType)
        addsHoldingPeriod = supplied[.holdingPeriod] == true && !present.contains(.holdingPeriod)
        addsReason = supplied[.reason] == true && !present.contains(.reason)
        if addsType { names.append("request_type") }
        if addsHoldingPeriod { names.append("holding_period") }
        if addsReason { names.append("reason") }
        var filled: [(Int, ColumnRole)] = []
        var seen: Set<ColumnRole> = []
        for (index, role) in roles.enumerated() {
            // The validator reads the first column of a role; later ones are carried along.
            guard let role, seen.insert(role).inserted, supplied[role] == true else { continue }
            filled.append((index, role))
        }
        self.filled = filled
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
        case .email, .dataSubjectType: ""
        }
    }
}
