/// Remembers which (email, request type) pairs were already seen, and on which line, in little memory.
///
/// Only a 64-bit hash of each pair is kept, in an open-addressing table with linear probing: keys and
/// lines live in two parallel arrays (12 bytes a slot), and the table grows by 1.5× once it is 80%
/// full, so it stays between 53% and 80% full and costs 15 to 23 bytes per entry. Two different pairs
/// share a hash with a probability near n²/2⁶⁵ (about 3·10⁻⁸ for a million rows); such a row would
/// be reported as a duplicate, never silently dropped.
///
/// Lookups land on random slots, so on large tables they are dominated by cache misses; callers
/// overlap them by touching a batch of keys first (`touch(_:)`). A class rather than a struct so
/// the tables are never copied. Not thread-safe.
public final class DuplicateIndex {
    private static let maximumLoadNumerator = 4
    private static let maximumLoadDenominator = 5

    // Exclusivity is unchecked on the hot properties: the class is single-threaded and its methods
    // never hold an access across a call, and the dynamic checks cost more than the lookups.

    /// Slot keys; 0 marks an empty slot, and a real hash of 0 is stored as 1.
    @exclusivity(unchecked) private var keys: ContiguousArray<UInt64>
    @exclusivity(unchecked) private var lines: ContiguousArray<UInt32>
    @exclusivity(unchecked) private var slotCount: Int

    /// The number of distinct keys stored.
    @exclusivity(unchecked) public private(set) var count = 0
    @exclusivity(unchecked) private var touchSink: UInt64 = 0

    /// Creates an empty index with room for about `minimumCapacity` entries before it grows.
    public init(minimumCapacity: Int = 1_024) {
        slotCount = max(16, minimumCapacity * Self.maximumLoadDenominator / Self.maximumLoadNumerator + 1)
        keys = ContiguousArray(repeating: 0, count: slotCount)
        lines = ContiguousArray(repeating: 0, count: slotCount)
    }

    /// Bytes of memory held by the table.
    public var memoryFootprint: Int {
        keys.capacity * MemoryLayout<UInt64>.stride + lines.capacity * MemoryLayout<UInt32>.stride
    }

    /// `memoryFootprint` divided by `count` (0 when empty).
    public var bytesPerEntry: Double {
        count == 0 ? 0 : Double(memoryFootprint) / Double(count)
    }

    /// Returns the line stored for `key` if there is one; otherwise stores `line` for it and returns nil.
    ///
    /// Lines above `UInt32.max` are stored as `UInt32.max`.
    public func lineOfEarlierEntry(forKey key: UInt64, line: Int) -> Int? {
        let key = key == 0 ? 1 : key
        if (count + 1) * Self.maximumLoadDenominator > slotCount * Self.maximumLoadNumerator {
            grow()
        }
        let slots = slotCount
        var slot = Self.slot(for: key, slotCount: slots)
        while true {
            let stored = keys[slot]
            if stored == key {
                return Int(lines[slot])
            }
            if stored == 0 { break }
            slot += 1
            if slot == slots { slot = 0 }
        }
        // Written through the properties, never through a local copy of the array: a second reference
        // would make the write copy the whole table.
        keys[slot] = key
        lines[slot] = UInt32(clamping: line)
        count += 1
        return nil
    }

    /// Loads the first slot of each key, and its line, so that their cache misses overlap; see
    /// `RequestFileReader`.
    func touch(_ keys: some Sequence<UInt64>) {
        var combined: UInt64 = 0
        for key in keys {
            let slot = Self.slot(for: key, slotCount: slotCount)
            combined ^= self.keys[slot] ^ UInt64(lines[slot])
        }
        // Stored so the loads cannot be optimised away.
        touchSink = combined
    }

    /// Maps a hash onto `0..<slotCount` with a multiply instead of a division.
    @inline(__always)
    private static func slot(for key: UInt64, slotCount: Int) -> Int {
        Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(slotCount)).high)
    }

    /// Makes room for `entries` entries in one step, so that a table whose final size can be
    /// estimated is allocated and filled once instead of regrown (and re-zeroed) about a dozen times.
    public func reserveCapacity(_ entries: Int) {
        let needed = entries * Self.maximumLoadDenominator / Self.maximumLoadNumerator + 1
        if needed > slotCount {
            grow(to: needed)
        }
    }

    private func grow() {
        grow(to: slotCount + slotCount / 2)
    }

    private func grow(to newCount: Int) {
        var newKeys = ContiguousArray<UInt64>(repeating: 0, count: newCount)
        var newLines = ContiguousArray<UInt32>(repeating: 0, count: newCount)
        for index in 0..<slotCount where keys[index] != 0 {
            var slot = Self.slot(for: keys[index], slotCount: newCount)
            while newKeys[slot] != 0 {
                slot += 1
                if slot == newCount { slot = 0 }
            }
            newKeys[slot] = keys[index]
            newLines[slot] = lines[index]
        }
        keys = newKeys
        lines = newLines
        slotCount = newCount
    }

    /// The key of an (email, request type) pair; the email's ASCII letters are compared without case.
    public static func key(email: String, type: RequestType) -> UInt64 {
        let bytes = ContiguousArray(email.utf8)
        return key(emailBytes: bytes.span, type: type)
    }

    /// A multiply-xorshift hash over the bytes eight at a time, with ASCII letters lowercased in the
    /// word (SWAR) so no per-byte loop is needed, then a murmur finaliser so that the high bits used
    /// for the slot are well mixed.
    static func key(emailBytes: Span<UInt8>, type: RequestType) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(emailBytes.count) &* multiplier ^ UInt64(type.keyByte)
        if emailBytes.isEmpty { return finalised(hash) }
        var offset = 0
        while offset + 8 <= emailBytes.count {
            let word = lowercasedWord(ASCII.word(emailBytes, at: offset))
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
            offset += 8
        }
        if offset < emailBytes.count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while offset < emailBytes.count {
                word |= UInt64(emailBytes[offset]) << shift
                shift += 8
                offset += 1
            }
            hash = (hash ^ lowercasedWord(word)) &* multiplier
            hash ^= hash >> 29
        }
        return finalised(hash)
    }

    /// Sets bit 5 of every byte in `A`...`Z`; other bytes, non-ASCII included, are left alone.
    @inline(__always)
    static func lowercasedWord(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let low7 = word & ~high
        let atLeastA = low7 &+ ones &* (0x80 - 0x41)
        let aboveZ = low7 &+ ones &* (0x80 - 0x5B)
        let upper = atLeastA & ~aboveZ & ~word & high
        return word | (upper >> 2)
    }

    @inline(__always)
    private static func finalised(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}
