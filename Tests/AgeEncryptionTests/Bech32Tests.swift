import AgeEncryption
import Testing

struct Bech32Tests {
    /// Valid strings from BIP-173.
    @Test(arguments: [
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    ])
    func decodesAndReencodesBIP173Vectors(_ string: String) throws {
        let decoded = try Bech32.decode(string)
        let uppercase = string.uppercased() == string && string.lowercased() != string
        let reencoded = try Bech32.encode(
            humanReadablePart: decoded.humanReadablePart, data: decoded.data, uppercase: uppercase)
        #expect(reencoded == string)
    }

    /// Invalid strings from BIP-173, each with the reason this decoder gives.
    @Test(arguments: [
        (" 1nwldj5", Bech32Error.invalidCharacter),
        ("de1lg7wt\u{ff}", .invalidCharacter),
        ("pzry9x0s0muk", .missingSeparator),
        ("1pzry9x0s0muk", .invalidHumanReadablePart),
        ("x1b4n0q5v", .invalidCharacter),
        ("li1dgmt3", .tooShort),
        ("A1G7SGD8", .invalidChecksum),
        ("10a06t8", .invalidHumanReadablePart),
        ("1qzzfhee", .invalidHumanReadablePart),
        ("A12uEL5L", .mixedCase),
        ("a12uel5m", .invalidChecksum),
    ])
    func rejectsInvalidStrings(_ string: String, _ expected: Bech32Error) {
        #expect(throws: expected) { try Bech32.decode(string) }
    }

    /// Leftover bits after the last byte must be fewer than five and all zero, or one key has several spellings.
    @Test(arguments: [[31, 31], [1], [0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0]] as [[UInt8]])
    func rejectsNonCanonicalPadding(_ values: [UInt8]) {
        #expect(throws: Bech32Error.invalidPadding) { try Bech32.decode(checksummed(prefix: "a", values: values)) }
    }

    @Test func acceptsZeroPaddingBits() throws {
        #expect(try Bech32.decode(checksummed(prefix: "a", values: [0, 0, 0, 0])).data == [0, 0])
    }

    @Test func encodesBytesAcrossGroupBoundaries() throws {
        let data: [UInt8] = [0x00, 0xff, 0x10, 0x80, 0x7f]
        let encoded = try Bech32.encode(humanReadablePart: "test", data: data)
        #expect(try Bech32.decode(encoded).data == data)
        #expect(try Bech32.decode(encoded).humanReadablePart == "test")
    }

    @Test func rejectsEmptyHumanReadablePartWhenEncoding() {
        #expect(throws: Bech32Error.invalidHumanReadablePart) {
            try Bech32.encode(humanReadablePart: "", data: [1, 2, 3])
        }
    }
}

/// An independent BIP-173 checksum, so padding cases can be written without going through the encoder.
private func checksummed(prefix: String, values: [UInt8]) -> String {
    let alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l")
    let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
    let prefixBytes = Array(prefix.utf8)
    var checksum: UInt32 = 1
    for value in prefixBytes.map({ $0 >> 5 }) + [0] + prefixBytes.map({ $0 & 31 }) + values + [0, 0, 0, 0, 0, 0] {
        let top = checksum >> 25
        checksum = ((checksum & 0x1ff_ffff) << 5) ^ UInt32(value)
        for bit in 0..<5 where (top >> UInt32(bit)) & 1 == 1 {
            checksum ^= generator[bit]
        }
    }
    checksum ^= 1
    let checksumCharacters = (0..<6).map { alphabet[Int((checksum >> UInt32(5 * (5 - $0))) & 31)] }
    return prefix + "1" + String(values.map { alphabet[Int($0)] }) + String(checksumCharacters)
}
