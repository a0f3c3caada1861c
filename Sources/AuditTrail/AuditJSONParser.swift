/// A strict JSON reader for one audit line, working on the line's bytes in place.
///
/// Hand-written because verifying a million lines must stay within seconds, and `JSONSerialization` would
/// build an `NSDictionary` per line, lose member order and blur integers into `NSNumber`. It accepts RFC 8259
/// JSON except floating-point numbers (see `AuditValue`) and refuses duplicate keys, which JSON libraries
/// resolve differently and so would let two verifiers read different fields from the same hashed line.
struct AuditJSONParser {
    private let bytes: ArraySlice<UInt8>
    private var index: Int
    private static let maximumDepth = 64

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    /// The members of the single object that must make up the whole input.
    mutating func parseObjectMembers() throws(AuditEntryError) -> [AuditField] {
        skipWhitespace()
        guard peek() == UInt8(ascii: "{") else { throw .notJSONObject("the line does not start with '{'") }
        let members = try parseObject(depth: 0)
        skipWhitespace()
        guard index == bytes.endIndex else { throw .notJSONObject("unexpected text after the object") }
        return members
    }

    private func peek() -> UInt8? { index < bytes.endIndex ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.endIndex {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(AuditEntryError) {
        guard peek() == byte else { throw .notJSONObject("expected \(what) at byte \(index - bytes.startIndex + 1)") }
        index += 1
    }

    private mutating func parseValue(depth: Int) throws(AuditEntryError) -> AuditValue {
        skipWhitespace()
        guard let byte = peek() else { throw .notJSONObject("the line ends inside a value") }
        switch byte {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try parseInteger())
        default: throw .notJSONObject("unexpected character at byte \(index - bytes.startIndex + 1)")
        }
    }

    private mutating func parseObject(depth: Int) throws(AuditEntryError) -> [AuditField] {
        guard depth <= Self.maximumDepth else { throw .notJSONObject("nested more than \(Self.maximumDepth) deep") }
        try expect(UInt8(ascii: "{"), "'{'")
        var members: [AuditField] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return members
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw .notJSONObject("expected a key in quotes") }
            let name = try parseString()
            // Objects in audit lines are small; a linear scan beats hashing every key.
            if members.contains(where: { $0.name == name }) { throw .duplicateKey(name) }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':'")
            members.append(AuditField(name, try parseValue(depth: depth)))
            skipWhitespace()
            guard let separator = peek() else { throw .notJSONObject("the line ends inside an object") }
            index += 1
            if separator == UInt8(ascii: "}") { return members }
            guard separator == UInt8(ascii: ",") else { throw .notJSONObject("expected ',' or '}' in an object") }
        }
    }

    private mutating func parseArray(depth: Int) throws(AuditEntryError) -> [AuditValue] {
        guard depth <= Self.maximumDepth else { throw .notJSONObject("nested more than \(Self.maximumDepth) deep") }
        try expect(UInt8(ascii: "["), "'['")
        var elements: [AuditValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard let separator = peek() else { throw .notJSONObject("the line ends inside an array") }
            index += 1
            if separator == UInt8(ascii: "]") { return elements }
            guard separator == UInt8(ascii: ",") else { throw .notJSONObject("expected ',' or ']' in an array") }
        }
    }

    private mutating func parseLiteral(_ word: StaticString) throws(AuditEntryError) {
        let expected = word.withUTF8Buffer { Array($0) }
        guard bytes.endIndex - index >= expected.count, bytes[index..<index + expected.count].elementsEqual(expected)
        else { throw .notJSONObject("invalid literal at byte \(index - bytes.startIndex + 1)") }
        index += expected.count
    }

    private mutating func parseInteger() throws(AuditEntryError) -> Int64 {
        let negative = peek() == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        // Accumulating towards the negative side reaches Int64.min without overflowing.
        var value: Int64 = 0
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = shifted.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { throw .notJSONObject("an integer is out of the 64-bit range") }
            value = next
            index += 1
        }
        let digits = index - start
        guard digits > 0 else { throw .notJSONObject("a number has no digits") }
        guard digits == 1 || bytes[start] != UInt8(ascii: "0") else {
            throw .notJSONObject("a number has a leading zero")
        }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw .notJSONObject("non-integer numbers are not allowed in audit lines")
        }
        if negative { return value }
        guard value != Int64.min else { throw .notJSONObject("an integer is out of the 64-bit range") }
        return -value
    }

    private mutating func parseString() throws(AuditEntryError) -> String {
        index += 1
        let start = index
        // Most strings have no escapes: decode them straight from the line.
        while let byte = peek(), byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { throw .notJSONObject("an unescaped control character in a string") }
            index += 1
        }
        guard let stop = peek() else { throw .notJSONObject("the line ends inside a string") }
        if stop == UInt8(ascii: "\"") {
            index += 1
            return try decode(bytes[start..<index - 1])
        }
        var buffer = Array(bytes[start..<index])
        while true {
            guard let byte = peek() else { throw .notJSONObject("the line ends inside a string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try decode(buffer[...])
            case UInt8(ascii: "\\"):
                try appendEscape(to: &buffer)
            case 0x00..<0x20:
                throw .notJSONObject("an unescaped control character in a string")
            default:
                buffer.append(byte)
            }
        }
    }

    private func decode(_ utf8: ArraySlice<UInt8>) throws(AuditEntryError) -> String {
        let text = String(decoding: utf8, as: UTF8.self)
        // `String(decoding:)` replaces invalid UTF-8 instead of failing, which changes the bytes; ASCII cannot
        // be invalid. (`String(validating:)` would say so directly but is several times slower per line.)
        if utf8.allSatisfy({ $0 < 0x80 }) || text.utf8.elementsEqual(utf8) { return text }
        throw .notJSONObject("a string is not valid UTF-8")
    }

    private mutating func appendEscape(to buffer: inout [UInt8]) throws(AuditEntryError) {
        guard let byte = peek() else { throw .notJSONObject("the line ends inside an escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard peek() == UInt8(ascii: "\\") else { throw .notJSONObject("a lone surrogate in a string") }
                index += 1
                guard peek() == UInt8(ascii: "u") else { throw .notJSONObject("a lone surrogate in a string") }
                index += 1
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw .notJSONObject("a lone surrogate in a string") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw .notJSONObject("a lone surrogate in a string") }
            buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw .notJSONObject("an invalid escape in a string")
        }
    }

    private mutating func parseHex4() throws(AuditEntryError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw .notJSONObject("the line ends inside an escape") }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .notJSONObject("an invalid \\u escape in a string")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
