import Foundation

/// Stores a row's original cells in one TEXT column as a JSON array.
///
/// Encoding is hand-written because it runs once per input row on the ingest path; decoding runs only
/// when reports are written and uses Foundation.
enum CellCodec {
    static func encode(_ cells: [String]) -> String {
        var out = "["
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(",") }
            out.append("\"")
            for scalar in cell.unicodeScalars {
                switch scalar {
                case "\"": out.append("\\\"")
                case "\\": out.append("\\\\")
                case "\n": out.append("\\n")
                case "\r": out.append("\\r")
                case "\t": out.append("\\t")
                case _ where scalar.value < 0x20:
                    out.append(String(format: "\\u%04x", scalar.value))
                default: out.unicodeScalars.append(scalar)
                }
            }
            out.append("\"")
        }
        out.append("]")
        return out
    }

    static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
