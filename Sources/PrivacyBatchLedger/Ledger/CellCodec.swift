import Foundation
import PrivacyBatchCore

/// Stores a row's original cells in one TEXT column as a JSON array.
///
/// Encoding is hand-written because it runs once per input row on the ingest path; decoding runs only
/// when reports are written and uses Foundation.
enum CellCodec {
    static func encode(_ cells: some Sequence<String>) -> String {
        encode(RowCells(cells))
    }

    /// Escapes the cells' bytes as JSON strings; bytes of invalid UTF-8 come out as U+FFFD, as they read.
    static func encode(_ cells: RowCells) -> String {
        let hexDigits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "[")]
        for index in cells.indices {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            cells.withBytes(of: index) { bytes in
                for position in bytes.indices {
                    let byte = bytes[position]
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
                    case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                    case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                    case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                    case ..<0x20:
                        out += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
                    default: out.append(byte)
                    }
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
