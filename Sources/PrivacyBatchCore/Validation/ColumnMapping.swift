/// What each column of a request file's header means, decided once before any row is read.
///
/// Roles come from `--column ROLE=HEADER` first, then from the alias table (`ColumnRole.aliases`).
/// Nothing is guessed: two columns for one role, a column that looks like a role without being mapped,
/// and a `--column` naming a header the file lacks all stop the file with exit 2 and the fix.
public struct ColumnMapping: Sendable, Equatable {
    /// How a column got its role.
    public enum Source: Sendable, Equatable {
        /// `--column ROLE=HEADER` (or `--column none=HEADER`).
        case option
        /// The alias table.
        case alias
        /// Nothing: the column is carried to the reports only.
        case none
    }

    /// One header column.
    public struct Column: Sendable, Equatable {
        /// The name as written in the header.
        public var header: String
        /// Its role, or nil when it is only carried to the reports.
        public var role: ColumnRole?
        /// Where the role came from.
        public var source: Source
    }

    /// Every header column, in order.
    public let columns: [Column]

    /// The index of the column with `role`, if any.
    public func index(of role: ColumnRole) -> Int? {
        columns.firstIndex { $0.role == role }
    }

    /// Maps `header` with the `--column` assignments; `delimiter` is named in the missing-email message.
    public init(
        header: [String], assignments: [ColumnAssignment], path: String, delimiter: String
    ) throws(RequestFileError) {
        var columns = header.map { Column(header: $0, role: nil, source: .none) }
        var explicitRoles: Set<ColumnRole> = []
        for assignment in assignments {
            guard let index = Self.find(assignment.header, in: header) else {
                throw .columnNotFound(path: path, header: assignment.header, columns: header)
            }
            if let role = assignment.role {
                if let other = columns.firstIndex(where: { $0.role == role && $0.source == .option }), other != index {
                    throw .duplicateColumn(
                        path: path, role: role.rawValue, first: other + 1, second: index + 1,
                        names: [header[other], header[index]])
                }
                explicitRoles.insert(role)
            }
            columns[index] = Column(header: header[index], role: assignment.role, source: .option)
        }
        for (index, name) in header.enumerated() where columns[index].source == .none {
            if let role = ColumnRole(headerName: name) {
                // A role given by --column makes other columns of that kind plain carried columns.
                guard !explicitRoles.contains(role) else { continue }
                if let first = columns.firstIndex(where: { $0.role == role }) {
                    throw .duplicateColumn(
                        path: path, role: role.rawValue, first: first + 1, second: index + 1,
                        names: [header[first], name])
                }
                columns[index] = Column(header: name, role: role, source: .alias)
            } else if let role = ColumnRole.resembled(byHeaderName: name), !explicitRoles.contains(role) {
                throw .unmappedColumn(path: path, header: name, role: role.rawValue)
            }
        }
        guard columns.contains(where: { $0.role == .email }) else {
            // An address in the first line means the file was exported without its header row.
            if header.contains(where: { $0.contains("@") }) {
                throw .noHeader(path: path)
            }
            throw .missingEmailColumn(
                path: path, columns: header, delimiter: delimiter,
                lookalike: header.first(where: ColumnRole.resemblesEmail))
        }
        self.columns = columns
    }

    /// The header a `--column` names: exactly as written, else ignoring case and surrounding spaces.
    private static func find(_ name: String, in header: [String]) -> Int? {
        if let exact = header.firstIndex(of: name) { return exact }
        let wanted = trimmedLowercase(name)
        return header.firstIndex { trimmedLowercase($0) == wanted }
    }

    private static func trimmedLowercase(_ text: String) -> String {
        var scalars = Substring(text.lowercased())
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
