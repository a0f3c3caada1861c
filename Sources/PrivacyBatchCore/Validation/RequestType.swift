/// The kind of privacy request to start for a shopper.
public enum RequestType: String, Sendable, Codable, CaseIterable {
    /// Delete the shopper's personal data after the holding period.
    case deletion
    /// Send the shopper's personal data to them; cannot be cancelled.
    case retrieval

    /// Reads a request type as written in a file or on the command line.
    ///
    /// Accepts `deletion`, `delete`, `erasure`, `retrieval`, `retrieve` and `access` in any case,
    /// with surrounding spaces or tabs.
    public init?(parsing text: String) {
        let bytes = ContiguousArray(text.utf8)
        guard let parsed = RequestType(bytes: bytes.span) else { return nil }
        self = parsed
    }

    /// Parses UTF-8 bytes without building a `String`, because it runs once per row.
    init?(bytes: Span<UInt8>) {
        let value = bytes.extracting(ASCII.trimmedRange(bytes))
        // The two canonical words are compared as lowercased 64-bit words: this runs on every row.
        if value.count >= 8 {
            let word = DuplicateIndex.lowercasedWord(ASCII.word(value, at: 0))
            if value.count == 8, word == Self.deletionWord {
                self = .deletion
                return
            }
            if value.count == 9, word == Self.retrievaWord, value[8] | 0x20 == UInt8(ascii: "l") {
                self = .retrieval
                return
            }
        }
        switch value.count {
        case 6:
            if ASCII.equalsIgnoringCase(value, "delete") {
                self = .deletion
            } else if ASCII.equalsIgnoringCase(value, "access") {
                self = .retrieval
            } else {
                return nil
            }
        case 7:
            if ASCII.equalsIgnoringCase(value, "erasure") {
                self = .deletion
            } else {
                return nil
            }
        case 8:
            if ASCII.equalsIgnoringCase(value, "retrieve") {
                self = .retrieval
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    /// "deletion" and "retrieva" as little-endian words.
    private static let deletionWord = word("deletion")
    private static let retrievaWord = word("retrieva")

    private static func word(_ text: String) -> UInt64 {
        var value: UInt64 = 0
        for (index, byte) in text.utf8.prefix(8).enumerated() {
            value |= UInt64(byte) << (8 * UInt64(index))
        }
        return value
    }

    /// The position in `allCases`, for counting in arrays.
    var ordinal: Int {
        switch self {
        case .deletion: return 0
        case .retrieval: return 1
        }
    }

    /// The byte mixed into duplicate keys so a deletion and a retrieval for one email differ.
    var keyByte: UInt8 {
        switch self {
        case .deletion: return 0x44
        case .retrieval: return 0x52
        }
    }
}
