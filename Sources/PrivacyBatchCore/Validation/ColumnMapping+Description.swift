extension ColumnMapping {
    /// Lines telling the operator how the file is read: each header with its role, the columns only
    /// carried to the reports, and where a flag meets a column (the column's cell wins; the flag fills
    /// only empty cells).
    public func describe(defaults: ValidationDefaults, delimiter: String, encoding: InputEncoding) -> [String] {
        var lines = ["columns (delimiter \(delimiter), encoding \(encoding.rawValue)):"]
        for column in columns {
            let meaning: String
            switch (column.role, column.source) {
            case (let role?, .option): meaning = "\(role.rawValue) (--column)"
            case (let role?, _): meaning = role.rawValue
            case (nil, .option): meaning = "carried to the reports only (--column none)"
            case (nil, _): meaning = "carried to the reports only"
            }
            lines.append("  \"\(column.header)\" -> \(meaning)")
        }
        func flagNote(_ role: ColumnRole, flag: String, value: String?) {
            guard let value, let index = index(of: role) else { return }
            lines.append(
                "note: column \"\(columns[index].header)\" is the \(role.rawValue); its cells win over \(flag) "
                    + "\(value), which fills only empty cells")
        }
        flagNote(.requestType, flag: "--type", value: defaults.type?.rawValue)
        flagNote(.holdingPeriod, flag: "--holding-period", value: defaults.holdingPeriod.map(String.init))
        flagNote(.reason, flag: "--reason", value: defaults.reason.map { _ in "(text)" })
        if index(of: .holdingPeriod) == nil {
            let period =
                defaults.holdingPeriod.map { "\($0) days (--holding-period)" } ?? "the API's default of 10 days"
            lines.append("note: no holding period column; deletions are held \(period)")
        }
        return lines
    }
}
