extension RequestFileReader {
    /// Rows of the file after row `storedRows`, read until `validLimit` valid ones or `rowLimit` rows in all.
    ///
    /// Rows up to `storedRows` (a crashed or stopped run already stored them) are read again only to rebuild
    /// the duplicate index, and are skipped. `ended` is true when the file has no more rows.
    package func nextUnstoredRows(
        after storedRows: Int, validLimit: Int, rowLimit: Int
    ) throws(RequestFileError) -> (rows: [InputRow], ended: Bool) {
        var rows: [InputRow] = []
        var validCount = 0
        while validCount < validLimit && rows.count < rowLimit {
            guard let input = try nextRow() else { return (rows, true) }
            guard input.row > storedRows else { continue }
            rows.append(input)
            if case .valid = input.verdict { validCount += 1 }
        }
        return (rows, false)
    }
}
