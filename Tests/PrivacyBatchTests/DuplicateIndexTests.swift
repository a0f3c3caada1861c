import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct DuplicateIndexTests {
    @Test func remembersTheFirstLineOfEachKey() {
        let index = DuplicateIndex(minimumCapacity: 4)
        #expect(index.lineOfEarlierEntry(forKey: 7, line: 2) == nil)
        #expect(index.lineOfEarlierEntry(forKey: 0, line: 3) == nil)
        #expect(index.lineOfEarlierEntry(forKey: 7, line: 9) == 2)
        #expect(index.lineOfEarlierEntry(forKey: 0, line: 10) == 3)
        #expect(index.count == 2)
    }

    @Test func keepsEveryEntryThroughGrowth() {
        let index = DuplicateIndex(minimumCapacity: 16)
        for line in 0..<50_000 {
            #expect(index.lineOfEarlierEntry(forKey: UInt64(line) &* 0x9E37_79B9_7F4A_7C15, line: line) == nil)
        }
        var mismatches = 0
        for line in 0..<50_000
        where index.lineOfEarlierEntry(forKey: UInt64(line) &* 0x9E37_79B9_7F4A_7C15, line: -1) != line {
            mismatches += 1
        }
        #expect(mismatches == 0)
        #expect(index.count == 50_000)
    }

    @Test func keysIgnoreCaseButNotType() {
        let key = DuplicateIndex.key(email: "Shopper.One@Example.COM", type: .deletion)
        #expect(key == DuplicateIndex.key(email: "shopper.one@example.com", type: .deletion))
        #expect(key != DuplicateIndex.key(email: "shopper.one@example.com", type: .retrieval))
        #expect(key != DuplicateIndex.key(email: "shopper.onf@example.com", type: .deletion))
        #expect(
            DuplicateIndex.key(email: "a@b.co", type: .deletion)
                != DuplicateIndex.key(email: "a@b.co\0", type: .deletion))
    }

    @Test func lowercasesOnlyASCIILetters() {
        let word = DuplicateIndex.lowercasedWord(0x5B5A_4140_C3C9_7A61)  // "[ZA@" + non-ASCII + "za"
        #expect(word == 0x5B7A_6140_C3C9_7A61)
    }

    /// Memory per entry stays at or under 24 bytes at any size between 10k and 1M entries.
    @Test(arguments: [10_000, 33_333, 100_000, 250_000, 1_000_000])
    func staysUnderTwentyFourBytesPerEntry(entries: Int) {
        let index = DuplicateIndex()
        var state: UInt64 = 1
        for line in 0..<entries {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            _ = index.lineOfEarlierEntry(forKey: state, line: line)
        }
        #expect(index.count == entries)
        #expect(index.bytesPerEntry <= 24)
        #expect(index.bytesPerEntry >= 12)
    }
}
