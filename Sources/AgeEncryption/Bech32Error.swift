/// Why a string is not a valid Bech32 encoding.
public enum Bech32Error: Error, Equatable, Sendable {
    /// A character outside printable ASCII, or outside the Bech32 data alphabet after the separator.
    case invalidCharacter
    /// The string mixes upper- and lower-case letters, which BIP-173 forbids.
    case mixedCase
    /// The string has no `1` separating the human-readable part from the data.
    case missingSeparator
    /// The human-readable part before the separator is empty or holds characters outside printable ASCII.
    case invalidHumanReadablePart
    /// The data part is shorter than the six-character checksum.
    case tooShort
    /// The checksum does not match the human-readable part and data.
    case invalidChecksum
    /// The data does not convert to whole bytes: leftover bits are too many or not zero.
    case invalidPadding
}
