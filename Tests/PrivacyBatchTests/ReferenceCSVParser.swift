/// A deliberately plain RFC 4180 parser, the oracle the fast reader is compared with: one pass over
/// all the bytes, one state flag, no buffers, no word tricks.
enum ReferenceCSVParser {
    /// One record: the line it starts on and its cells.
    struct Record: Equatable, CustomStringConvertible {
        var line: Int
        var fields: [String]

        var description: String { "line \(line): \(fields)" }
    }

    /// The records of well-formed input (UTF-8, optional byte order mark, LF, CRLF or CR line ends).
    static func parse(_ bytes: [UInt8], delimiter: UInt8) -> [Record] {
        var input = bytes[...]
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { input = input.dropFirst(3) }
        let data = Array(input)
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var line = 1
        var recordLine = 1
        var index = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
        }
        while index < data.count {
            let byte = data[index]
            if quoted {
                if byte == 0x22 {
                    if index + 1 < data.count, data[index + 1] == 0x22 {
                        field.append(0x22)
                        index += 2
                    } else {
                        quoted = false
                        index += 1
                    }
                    continue
                }
                if byte == 0x0D || (byte == 0x0A && (index == 0 || data[index - 1] != 0x0D)) { line += 1 }
                field.append(byte)
                index += 1
                continue
            }
            switch byte {
            case 0x22:
                quoted = true
            case delimiter:
                endField()
            case 0x0D, 0x0A:
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                line += 1
                if byte == 0x0D, index + 1 < data.count, data[index + 1] == 0x0A { index += 1 }
                recordLine = line
            default:
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
