/// Where each understood column sits in a request file's header (0-based indexes).
struct RequestColumns: Sendable {
    var email: Int
    var requestType: Int?
    var holdingPeriod: Int?
    var reason: Int?
    var dataSubjectType: Int?

    /// Maps a header; throws when there is no email column or two columns share a role.
    init(header: [String], path: String) throws(RequestFileError) {
        var found: [ColumnRole: Int] = [:]
        for (index, name) in header.enumerated() {
            guard let role = ColumnRole(headerName: name) else { continue }
            if let first = found[role] {
                throw .duplicateColumn(path: path, role: role.rawValue, first: first + 1, second: index + 1)
            }
            found[role] = index
        }
        guard let email = found[.email] else {
            // An address in the first line means the file was exported without its header row.
            if header.contains(where: { $0.contains("@") }) {
                throw .noHeader(path: path)
            }
            throw .missingEmailColumn(path: path)
        }
        self.email = email
        requestType = found[.requestType]
        holdingPeriod = found[.holdingPeriod]
        reason = found[.reason]
        dataSubjectType = found[.dataSubjectType]
    }
}
