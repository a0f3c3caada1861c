/// The character encoding of an input file's bytes.
///
/// UTF-8 is read as it is (the fast path); every other encoding is transcoded to UTF-8 while streaming.
/// UTF-16 is recognised by its byte order mark; the 8-bit encodings must be asked for (`--encoding`),
/// because their bytes cannot be told apart from each other.
public enum InputEncoding: String, Sendable, Equatable, CaseIterable {
    /// UTF-8, with or without a byte order mark.
    case utf8 = "utf-8"
    /// UTF-16, little-endian (Excel's "Unicode Text" on Windows).
    case utf16LittleEndian = "utf-16le"
    /// UTF-16, big-endian.
    case utf16BigEndian = "utf-16be"
    /// Windows code page 1252 (Western European Excel's "CSV" on Windows).
    case windows1252 = "windows-1252"
    /// ISO 8859-1: each byte is the Unicode code point of the same value.
    case latin1

    /// Reads a name as given on the command line: `utf-8`, `utf8`, `utf-16le`, `windows-1252`, `cp1252`,
    /// `latin1`, `iso-8859-1`, in any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "utf-16le", "utf16le": self = .utf16LittleEndian
        case "utf-16be", "utf16be": self = .utf16BigEndian
        case "windows-1252", "cp1252", "windows1252": self = .windows1252
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1": self = .latin1
        default: return nil
        }
    }

    /// Whether the bytes are read without transcoding.
    var isUTF8: Bool { self == .utf8 }
}
