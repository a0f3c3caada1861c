/// Bech32 (BIP-173) encoding as age uses it for keys.
///
/// Unlike BIP-173 there is no 90-character limit, because age identities and recipients are longer; data is
/// carried as 8-bit bytes and converted to and from 5-bit groups here.
public enum Bech32 {
    private static let alphabet: [UInt8] = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
    private static let separator = UInt8(ascii: "1")

    /// Encodes bytes under a human-readable part.
    ///
    /// - Parameters:
    ///   - humanReadablePart: the prefix before the `1` separator, printable ASCII; it is lower-cased.
    ///   - data: the bytes to carry.
    ///   - uppercase: whether to return the whole string in upper case, as age does for identities.
    /// - Returns: the Bech32 string.
    /// - Throws: `Bech32Error.invalidHumanReadablePart` if the prefix is empty or not printable ASCII.
    public static func encode(
        humanReadablePart: String, data: some Collection<UInt8>, uppercase: Bool = false
    ) throws(Bech32Error) -> String {
        let prefix = Array(humanReadablePart.utf8)
        guard !prefix.isEmpty, prefix.allSatisfy({ (33...126).contains($0) }) else {
            throw .invalidHumanReadablePart
        }
        return encodeValidated(humanReadablePart: prefix, data: data, uppercase: uppercase)
    }

    /// Decodes a Bech32 string.
    ///
    /// - Parameter string: an all-lower-case or all-upper-case Bech32 string.
    /// - Returns: the human-readable part exactly as written (so callers can enforce age's case rules) and the bytes.
    /// - Throws: a `Bech32Error` saying why the string is not valid.
    public static func decode(_ string: String) throws(Bech32Error) -> (humanReadablePart: String, data: [UInt8]) {
        let bytes = Array(string.utf8)
        guard bytes.allSatisfy({ (33...126).contains($0) }) else { throw .invalidCharacter }
        let hasLower = bytes.contains { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        let hasUpper = bytes.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        guard !(hasLower && hasUpper) else { throw .mixedCase }
        let lowered = bytes.map(lowercased)
        guard let separatorIndex = lowered.lastIndex(of: separator) else { throw .missingSeparator }
        guard separatorIndex > 0 else { throw .invalidHumanReadablePart }
        guard lowered.count - separatorIndex - 1 >= 6 else { throw .tooShort }
        var values: [UInt8] = []
        values.reserveCapacity(lowered.count - separatorIndex - 1)
        for character in lowered[(separatorIndex + 1)...] {
            guard let value = alphabet.firstIndex(of: character) else { throw .invalidCharacter }
            values.append(UInt8(value))
        }
        let prefix = Array(lowered[..<separatorIndex])
        guard polymod(expand(prefix) + values) == 1 else { throw .invalidChecksum }
        let data = try regroupToBytes(values.dropLast(6))
        return (String(decoding: bytes[..<separatorIndex], as: UTF8.self), data)
    }

    /// Encodes with a prefix already known to be non-empty printable ASCII, so key types need no error path.
    static func encodeValidated(humanReadablePart: [UInt8], data: some Collection<UInt8>, uppercase: Bool) -> String {
        let prefix = humanReadablePart.map(lowercased)
        let values = regroupToFiveBits(data)
        let checksumInput = expand(prefix) + values + [0, 0, 0, 0, 0, 0]
        let checksum = polymod(checksumInput) ^ 1
        var output = prefix
        output.append(separator)
        for value in values {
            output.append(alphabet[Int(value)])
        }
        for position in 0..<6 {
            output.append(alphabet[Int((checksum >> (5 * (5 - UInt32(position)))) & 31)])
        }
        if uppercase {
            output = output.map(uppercased)
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func uppercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
    }

    private static func expand(_ prefix: [UInt8]) -> [UInt8] {
        prefix.map { $0 >> 5 } + [0] + prefix.map { $0 & 31 }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = ((checksum & 0x1ff_ffff) << 5) ^ UInt32(value)
            for bit in 0..<5 where (top >> UInt32(bit)) & 1 == 1 {
                checksum ^= generator[bit]
            }
        }
        return checksum
    }

    private static func regroupToFiveBits(_ data: some Collection<UInt8>) -> [UInt8] {
        var accumulator: UInt32 = 0
        var bits = 0
        var values: [UInt8] = []
        values.reserveCapacity((data.count * 8 + 4) / 5)
        for byte in data {
            accumulator = (accumulator << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                values.append(UInt8((accumulator >> UInt32(bits)) & 31))
            }
        }
        if bits > 0 {
            values.append(UInt8((accumulator << UInt32(5 - bits)) & 31))
        }
        return values
    }

    private static func regroupToBytes(_ values: ArraySlice<UInt8>) throws(Bech32Error) -> [UInt8] {
        var accumulator: UInt32 = 0
        var bits = 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 5 / 8)
        for value in values {
            accumulator = ((accumulator << 5) | UInt32(value)) & 0xfff
            bits += 5
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((accumulator >> UInt32(bits)) & 0xff))
            }
        }
        // A strict decoder must refuse non-canonical encodings, or one key would have several spellings.
        guard bits < 5, accumulator & ((1 << UInt32(bits)) - 1) == 0 else { throw .invalidPadding }
        return bytes
    }
}
