/// One `--column ROLE=HEADER`: the header (matched exactly, then ignoring case and surrounding spaces)
/// and the role it gets, or nil for a column that is only carried to the reports.
public struct ColumnAssignment: Sendable, Equatable {
    /// The role, or nil for `none`.
    public var role: ColumnRole?
    /// The header name as given.
    public var header: String

    /// Creates an assignment.
    public init(role: ColumnRole?, header: String) {
        self.role = role
        self.header = header
    }

    /// Parses `ROLE=HEADER`, where ROLE is a role's name (`email`, `request_type`, `holding_period`,
    /// `reason`, `data_subject_type`, any case, `-` or `_`) or `none`.
    public init?(argument: String) {
        guard let equals = argument.firstIndex(of: "=") else { return nil }
        let name = String(argument[..<equals])
        let header = String(argument[argument.index(after: equals)...])
        guard !header.isEmpty else { return nil }
        let compact = ColumnRole.compacted(name)
        if compact == "none" {
            role = nil
        } else if let role = ColumnRole.allCases.first(where: { ColumnRole.compacted($0.rawValue) == compact }) {
            self.role = role
        } else {
            return nil
        }
        self.header = header
    }
}
