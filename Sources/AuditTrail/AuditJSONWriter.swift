/// Compact JSON output for audit lines: no spaces, members in the order given, non-ASCII text as raw UTF-8.
///
/// Written by hand rather than with `JSONSerialization` or `JSONEncoder` because those neither promise a key
/// order nor a byte-stable escaping across platforms, and the line's exact bytes are what the chain hashes.
enum AuditJSONWriter {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    static func appendValue(_ value: AuditValue, to output: inout [UInt8]) {
        switch value {
        case .string(let text):
            appendString(text, to: &output)
        case .integer(let number):
            output.append(contentsOf: String(number).utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                appendValue(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            appendMembers(members, to: &output, leadingComma: false)
            output.append(UInt8(ascii: "}"))
        }
    }

    static func appendMember(_ name: String, _ value: AuditValue, to output: inout [UInt8], leadingComma: Bool) {
        if leadingComma { output.append(UInt8(ascii: ",")) }
        appendString(name, to: &output)
        output.append(UInt8(ascii: ":"))
        appendValue(value, to: &output)
    }

    static func appendMembers(_ members: [AuditField], to output: inout [UInt8], leadingComma: Bool) {
        for (position, member) in members.enumerated() {
            appendMember(member.name, member.value, to: &output, leadingComma: leadingComma || position > 0)
        }
    }
}
