/// Lower-case hexadecimal text of bytes: digests, keyed hashes, key names.
///
/// A table lookup rather than `String(format: "%02x")`, which costs microseconds per byte on Linux: three keyed
/// hashes per row of a million-row run made that formatting the run's largest CPU cost.
public enum Hexadecimal {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The bytes as `2 × count` lower-case hex digits.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
