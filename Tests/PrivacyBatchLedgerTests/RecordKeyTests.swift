import Foundation
import PrivacyBatchCore
import TestSupport
import Testing

@testable import PrivacyBatchLedger

@Suite struct RecordKeyTests {
    private func key(_ byte: UInt8) throws -> RecordKey {
        try RecordKey(bytes: [UInt8](repeating: byte, count: RecordKey.byteCount))
    }

    @Test func aSubjectIsTheSameForAnAddressWhateverItsCaseAndSurroundingSpaces() throws {
        let key = try key(1)
        let subject = key.subject(of: "shopper@example.com")
        #expect(key.subject(of: "  Shopper@EXAMPLE.com ") == subject)
        #expect(key.subject(of: "\tshopper@example.com") == subject)
        #expect(key.subject(of: "other@example.com") != subject)
        #expect(subject.count == 64)
        #expect(subject.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(!subject.contains("shopper"))
    }

    @Test func aSubjectDependsOnTheKey() throws {
        #expect(try key(1).subject(of: "shopper@example.com") != (try key(2).subject(of: "shopper@example.com")))
        // Not a plain hash of the address either: the key is what makes it.
        #expect(try key(1).subject(of: "") != (try key(2).subject(of: "")))
    }

    @Test func theIdIsStableForTheSameSecretAndTellsKeysApart() throws {
        let id = try key(7).id
        #expect(try key(7).id == id)
        #expect(try key(8).id != id)
        #expect(id.count == 16)
        #expect(id.allSatisfy { $0.isHexDigit })
        // The public name is not a subject: publishing it gives away no shopper's hash.
        #expect(!(try key(7).subject(of: "").hasPrefix(id)))
        let generated = RecordKey.generate()
        #expect(try RecordKey(bytes: Array(generated.hexadecimalBytes)).id == generated.id)
        #expect(RecordKey.generate().id != generated.id)
    }

    @Test func aKeyHasExactly32Bytes() {
        #expect(throws: ConfigurationError.self) { try RecordKey(bytes: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: ConfigurationError.self) { try RecordKey(bytes: [UInt8](repeating: 1, count: 33)) }
        #expect(throws: ConfigurationError.self) { try RecordKey(bytes: [UInt8]()) }
    }
}

extension RecordKey {
    /// The secret's bytes, back from the hex the key file holds.
    fileprivate var hexadecimalBytes: [UInt8] {
        let digits = Array(hexadecimal.utf8)
        return stride(from: 0, to: digits.count, by: 2).compactMap {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)
        }
    }
}
