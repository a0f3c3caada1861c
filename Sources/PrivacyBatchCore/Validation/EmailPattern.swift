/// The API's email rule, `^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+[.][a-zA-Z]{2,}$`, matched by hand.
///
/// A hand-written matcher on bytes is used because regular expression engines are far too slow for
/// millions of rows. The pattern is matched in full, like Python's `re.fullmatch`: the domain is any
/// run of letters, digits, dots and hyphens whose part after the last dot is two or more letters.
public enum EmailPattern {
    /// The pattern as the API documents it.
    public static let pattern = "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+[.][a-zA-Z]{2,}$"

    /// Whether the whole text matches the pattern; nothing is trimmed.
    public static func matches(_ text: String) -> Bool {
        let bytes = ContiguousArray(text.utf8)
        return matches(bytes.span)
    }

    /// Whether the whole byte sequence matches the pattern; nothing is trimmed.
    ///
    /// Whole words of eight bytes are classified at once (SWAR): the loop runs on every row, and a
    /// byte-at-a-time class test cost more than parsing the rest of the record. The few bytes that do
    /// not fill a word go through the byte-at-a-time tests (classifying them with an overlapping last
    /// word was measured and was not faster).
    public static func matches(_ bytes: Span<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        while index + 8 <= count {
            let rejected = ~localBytes(ASCII.word(bytes, at: index)) & highBits
            if rejected != 0 {
                index += rejected.trailingZeroBitCount >> 3
                break
            }
            index += 8
        }
        while index < count, isLocal(bytes[index]) { index += 1 }
        guard index > 0, index < count, bytes[index] == 0x40 else { return false }
        let domainStart = index + 1
        var lastDot = -1
        index = domainStart
        while index + 8 <= count {
            let word = ASCII.word(bytes, at: index)
            let dots = equalBytes(word, 0x2E)
            guard (lettersAndDigits(word) | dots | equalBytes(word, 0x2D)) == highBits else { return false }
            if dots != 0 { lastDot = index + (63 - dots.leadingZeroBitCount) >> 3 }
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            guard isDomain(byte) else { return false }
            if byte == 0x2E { lastDot = index }
            index += 1
        }
        // The part before the last dot must be non-empty; the part after it is the letters-only tail.
        guard lastDot > domainStart, count - lastDot - 1 >= 2 else { return false }
        for tail in (lastDot + 1)..<count where !isLetter(bytes[tail]) {
            return false
        }
        return true
    }

    // Word-wide class tests: each returns the word with the high bit of every byte in the class set and
    // all other bits clear. Every step stays within its byte (no carries or borrows cross bytes), so
    // the result is exact for every byte, unlike the shorter "has zero byte" trick.
    private static let onesBytes: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    @inline(__always)
    private static func equalBytes(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (onesBytes &* UInt64(byte))
        return ~(((difference & lowBits) &+ lowBits) | difference) & highBits
    }

    /// ASCII bytes in `lowest...highest`; `lowest` must be at least 1 and `highest` below 0x80.
    @inline(__always)
    private static func bytesInRange(_ word: UInt64, _ lowest: UInt8, _ highest: UInt8) -> UInt64 {
        let low = word & lowBits
        let atLeastLowest = low &+ onesBytes &* UInt64(0x80 - lowest)
        let aboveHighest = low &+ onesBytes &* UInt64(0x7F - highest)
        return atLeastLowest & ~aboveHighest & ~word & highBits
    }

    @inline(__always)
    private static func lettersAndDigits(_ word: UInt64) -> UInt64 {
        bytesInRange(word | (onesBytes &* 0x20), 0x61, 0x7A) | bytesInRange(word, 0x30, 0x39)
    }

    @inline(__always)
    private static func localBytes(_ word: UInt64) -> UInt64 {
        lettersAndDigits(word) | equalBytes(word, 0x2E) | equalBytes(word, 0x5F) | equalBytes(word, 0x25)
            | equalBytes(word, 0x2B) | equalBytes(word, 0x2D)
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26
    }

    // Bitmaps of the allowed ASCII bytes (bit n set when byte n is allowed), split into 0-63 and 64-127,
    // so a class test is a shift and a mask instead of a chain of comparisons.
    private static let digits: UInt64 = 0x03FF_0000_0000_0000
    private static let localLow: UInt64 = digits | 1 << 0x2E | 1 << 0x25 | 1 << 0x2B | 1 << 0x2D
    private static let domainLow: UInt64 = digits | 1 << 0x2E | 1 << 0x2D
    /// A-Z (0x41-0x5A) and a-z (0x61-0x7A), as bits of byte − 64.
    private static let lettersHigh: UInt64 = 0x07FF_FFFE_07FF_FFFE
    private static let localHigh: UInt64 = lettersHigh | 1 << (0x5F - 64)

    @inline(__always)
    private static func isIn(_ byte: UInt8, low: UInt64, high: UInt64) -> Bool {
        // Selects rather than branches: letters and digits alternate within one address.
        let mask = byte < 64 ? low : (byte < 128 ? high : 0)
        return (mask >> UInt64(byte & 63)) & 1 == 1
    }

    @inline(__always)
    static func isLocal(_ byte: UInt8) -> Bool {
        isIn(byte, low: localLow, high: localHigh)
    }

    @inline(__always)
    static func isDomain(_ byte: UInt8) -> Bool {
        isIn(byte, low: domainLow, high: lettersHigh)
    }
}
