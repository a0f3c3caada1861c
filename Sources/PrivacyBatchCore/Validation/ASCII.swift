/// Byte helpers for the hot path, which works on UTF-8 bytes instead of `Character`s for speed.
///
/// Bytes arrive as `Span<UInt8>`: every read is bounds-checked and the compiler keeps a span from
/// outliving the row it views, so validation needs no pointers (the reader hands the spans out).
enum ASCII {
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let comma: UInt8 = 0x2C
    static let quote: UInt8 = 0x22
    static let carriageReturn: UInt8 = 0x0D
    static let lineFeed: UInt8 = 0x0A

    /// The indexes of the bytes without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmedRange(_ bytes: Span<UInt8>) -> Range<Int> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
        while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
        return start..<end
    }

    /// The eight bytes from `offset` as one little-endian word, for classifying or hashing them at once
    /// (SWAR); traps unless `offset + 8 <= bytes.count`.
    ///
    /// Written as eight checked byte reads: after the one range check up front the compiler drops the
    /// eight per-byte checks and merges the reads into one unaligned load (checked in the assembly), so
    /// this is as fast as `RawSpan.unsafeLoadUnaligned` without an unsafe call.
    @inline(__always)
    static func word(_ bytes: Span<UInt8>, at offset: Int) -> UInt64 {
        precondition(offset >= 0 && offset <= bytes.count &- 8, "word outside the bytes")
        var word: UInt64 = 0
        for shift in 0..<8 {
            word |= UInt64(bytes[offset &+ shift]) &<< UInt64(shift &* 8)
        }
        return word
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Compares bytes with a lowercase ASCII literal, ignoring the case of the bytes.
    static func equalsIgnoringCase(_ bytes: Span<UInt8>, _ literal: String) -> Bool {
        var index = 0
        for expected in literal.utf8 {
            guard index < bytes.count, lowercased(bytes[index]) == expected else { return false }
            index += 1
        }
        return index == bytes.count
    }

    /// A copy of the bytes, for the rare paths (messages) that want collection algorithms.
    static func array(_ bytes: Span<UInt8>) -> [UInt8] {
        var copy: [UInt8] = []
        copy.reserveCapacity(bytes.count)
        for index in bytes.indices { copy.append(bytes[index]) }
        return copy
    }

    /// A `String` of at most `limit` characters, for quoting user input in messages without flooding them.
    static func excerpt(_ bytes: Span<UInt8>, limit: Int = 40) -> String {
        let bytes = array(bytes)
        // Messages reach the console and logs, where emails never go: a cell holding an `@` (an email in the
        // wrong column) is described, not quoted.
        if bytes.contains(UInt8(ascii: "@")) { return "(a value with an @, not repeated here)" }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }
}
