/// Byte helpers for the hot path, which works on UTF-8 bytes instead of `Character`s for speed.
enum ASCII {
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let comma: UInt8 = 0x2C
    static let quote: UInt8 = 0x22
    static let carriageReturn: UInt8 = 0x0D
    static let lineFeed: UInt8 = 0x0A

    /// The bytes without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
        while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// The indexes of the bytes without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
        while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
        return start..<end
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Compares bytes with a lowercase ASCII literal, ignoring the case of the bytes.
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let other = literal.utf8Start
        for index in 0..<bytes.count where lowercased(bytes[index]) != other[index] {
            return false
        }
        return true
    }

    /// A `String` of at most `limit` characters, for quoting user input in messages without flooding them.
    static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = 40) -> String {
        // Messages reach the console and logs, where emails never go: a cell holding an `@` (an email in the
        // wrong column) is described, not quoted.
        if bytes.contains(UInt8(ascii: "@")) { return "(a value with an @, not repeated here)" }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }
}
