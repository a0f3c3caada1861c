/// Columns a run took from flags rather than from the file (`--type`, `--holding-period`).
///
/// `failures.csv` and `orders-not-closed.csv` are meant to be fed back as input; when the request type or
/// holding period came from a flag, those files gain a `request_type` / `holding_period` column so that
/// they mean the same thing without the flags.
struct SuppliedColumns {
    private(set) var names: [String] = []
    private let addsType: Bool
    private let addsHoldingPeriod: Bool

    init(header: [String], defaults: ValidationDefaults) {
        let roles = Set(header.compactMap(ColumnRole.init(headerName:)))
        addsType = defaults.type != nil && !roles.contains(.requestType)
        addsHoldingPeriod = defaults.holdingPeriod != nil && !roles.contains(.holdingPeriod)
        if addsType { names.append("request_type") }
        if addsHoldingPeriod { names.append("holding_period") }
    }

    func values(for row: LedgerRow) -> [String] {
        var values: [String] = []
        if addsType { values.append(row.type?.rawValue ?? "") }
        if addsHoldingPeriod { values.append(row.holdingPeriod.map(String.init) ?? "") }
        return values
    }
}
