/// Running counts over the rows of a file.
public struct ValidationSummary: Sendable {
    /// Every data row seen, valid or not.
    public var rowsRead: Int
    // Counted in fixed arrays rather than dictionaries: hashing a key on every row was measurable.
    private var validCounts: [Int]
    private var problemCounts: [Int]

    /// Valid rows per request type; types without rows are left out.
    public var validByType: [RequestType: Int] {
        get {
            var counts: [RequestType: Int] = [:]
            for (index, type) in RequestType.allCases.enumerated() where validCounts[index] > 0 {
                counts[type] = validCounts[index]
            }
            return counts
        }
        set {
            for (index, type) in RequestType.allCases.enumerated() {
                validCounts[index] = newValue[type] ?? 0
            }
        }
    }

    /// Invalid rows per code, duplicates included; codes without rows are left out.
    public var problemsByCode: [RowErrorCode: Int] {
        get {
            var counts: [RowErrorCode: Int] = [:]
            for (index, code) in RowErrorCode.allCases.enumerated() where problemCounts[index] > 0 {
                counts[code] = problemCounts[index]
            }
            return counts
        }
        set {
            for (index, code) in RowErrorCode.allCases.enumerated() {
                problemCounts[index] = newValue[code] ?? 0
            }
        }
    }
    /// Rows rejected as duplicates of an earlier valid row.
    public var duplicates: Int
    /// Rows holding only delimiters and whitespace: skipped, not rows of the file (from the reader).
    public var blankRows = 0
    /// Valid deletions with a holding period of 0: they start at once and cannot be cancelled.
    public var immediateDeletions = 0

    /// Creates an empty summary.
    public init() {
        rowsRead = 0
        validCounts = Array(repeating: 0, count: RequestType.allCases.count)
        problemCounts = Array(repeating: 0, count: RowErrorCode.allCases.count)
        duplicates = 0
    }

    /// Counts one row.
    public mutating func record(_ row: InputRow) {
        rowsRead += 1
        switch row.verdict {
        case .valid(let request):
            validCounts[request.type.ordinal] += 1
            if request.type == .deletion, request.holdingPeriod == 0 { immediateDeletions += 1 }
        case .invalid(let problem):
            problemCounts[problem.code.ordinal] += 1
            if problem.code == .duplicate {
                duplicates += 1
            }
        }
    }

    /// Valid rows of every type.
    public var validRows: Int { validCounts.reduce(0, +) }

    /// Invalid rows, duplicates included.
    public var invalidRows: Int { problemCounts.reduce(0, +) }
}
