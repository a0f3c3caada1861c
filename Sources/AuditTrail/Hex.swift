/// Lower-case hex, the spelling the log format fixes for hashes (written with Core's `Hexadecimal`).
enum Hex {

    /// Whether `text` is a SHA-256 in the log's spelling: 64 lower-case hex digits, nothing else.
    static func isSHA256(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            // Wrapping subtraction folds each range check into one comparison; this runs for every line verified.
            guard byte &- UInt8(ascii: "0") < 10 || byte &- UInt8(ascii: "a") < 6 else { return false }
            count += 1
        }
        return count == 64
    }
}
