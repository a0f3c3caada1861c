/// Finds a file's field separator from its header line, checked against the first rows.
///
/// The candidates are `,` `;` TAB `|`. A candidate that splits the header into more than one column and
/// every one of the first rows into the same number of fields is consistent; the consistent candidate
/// giving the most columns wins. With no consistent candidate the one giving the header the most columns
/// wins (the rows then report their field counts). A tie is not guessed: the caller refuses the file and
/// asks for `--delimiter`. A header with none of them is one column, read with `,`.
enum DelimiterDetector {
    /// What the sample says.
    enum Finding: Equatable {
        case delimiter(UInt8)
        case ambiguous([UInt8])
    }

    static let candidates: [UInt8] = [ASCII.comma, 0x3B, ASCII.tab, 0x7C]
    /// Rows after the header that are checked.
    static let rowsChecked = 10

    /// The delimiter of `sample`, the file's first bytes as UTF-8 (no byte order mark); `complete` when
    /// the sample is the whole file, so its last line is whole.
    static func detect(_ sample: [UInt8], complete: Bool) -> Finding {
        var best: [(delimiter: UInt8, columns: Int, consistent: Bool)] = []
        for candidate in candidates {
            let counts = fieldCounts(sample, delimiter: candidate, limit: rowsChecked + 1, complete: complete)
            guard let columns = counts.first, columns > 1 else { continue }
            let consistent = counts.dropFirst().allSatisfy { $0 == columns }
            best.append((candidate, columns, consistent))
        }
        guard !best.isEmpty else { return .delimiter(ASCII.comma) }
        let pool = best.contains(where: \.consistent) ? best.filter(\.consistent) : best
        let most = pool.map(\.columns).max() ?? 0
        let winners = pool.filter { $0.columns == most }.map(\.delimiter)
        return winners.count == 1 ? .delimiter(winners[0]) : .ambiguous(winners)
    }

    /// The field counts of the first `limit` records of `sample` split at `delimiter` (RFC 4180 quotes
    /// respected); blank lines are left out, and so is a last record the sample may have cut.
    static func fieldCounts(_ sample: [UInt8], delimiter: UInt8, limit: Int, complete: Bool) -> [Int] {
        var counts: [Int] = []
        var fields = 1
        var quoted = false
        var blank = true
        var index = 0
        while index < sample.count, counts.count < limit {
            let byte = sample[index]
            index += 1
            if quoted {
                if byte == ASCII.quote {
                    if index < sample.count, sample[index] == ASCII.quote {
                        index += 1
                    } else {
                        quoted = false
                    }
                }
                continue
            }
            switch byte {
            case ASCII.quote:
                quoted = true
                blank = false
            case delimiter:
                fields += 1
            case ASCII.lineFeed, ASCII.carriageReturn:
                if !blank { counts.append(fields) }
                fields = 1
                blank = true
            case ASCII.space, ASCII.tab, ASCII.comma, 0x3B, 0x7C:
                break
            default:
                blank = false
            }
        }
        if complete, !blank, counts.count < limit { counts.append(fields) }
        return counts
    }

    /// How a delimiter is named in messages.
    static func name(_ delimiter: UInt8) -> String {
        switch delimiter {
        case ASCII.tab: return "TAB"
        case ASCII.comma: return "\",\""
        default: return "\"\(String(UnicodeScalar(delimiter)))\""
        }
    }
}
