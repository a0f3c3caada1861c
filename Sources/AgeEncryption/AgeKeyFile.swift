/// Reading identity and recipients files as age does: one key per line, `#` comments and blank lines ignored.
public enum AgeKeyFile {
    /// Parses an identity file such as `age-keygen` writes.
    ///
    /// - Parameter text: the file's contents; `\n` or `\r\n` line ends.
    /// - Returns: the identities in file order.
    /// - Throws: `AgeError.invalidKeyFileLine` with the 1-based number of the first bad line, or `.noIdentities`
    ///   when the file holds none, since an empty key file is almost always a mistake.
    public static func identities(in text: String) throws(AgeError) -> [AgeIdentity] {
        var identities: [AgeIdentity] = []
        for (number, line) in keyLines(text) {
            do {
                identities.append(try AgeIdentity(line))
            } catch {
                throw .invalidKeyFileLine(number)
            }
        }
        guard !identities.isEmpty else { throw .noIdentities }
        return identities
    }

    /// Parses a recipients file.
    ///
    /// - Parameter text: the file's contents; `\n` or `\r\n` line ends.
    /// - Returns: the recipients in file order.
    /// - Throws: `AgeError.invalidKeyFileLine` with the 1-based number of the first bad line, or `.noRecipients`.
    public static func recipients(in text: String) throws(AgeError) -> [AgeRecipient] {
        var recipients: [AgeRecipient] = []
        for (number, line) in keyLines(text) {
            do {
                recipients.append(try AgeRecipient(line))
            } catch {
                throw .invalidKeyFileLine(number)
            }
        }
        guard !recipients.isEmpty else { throw .noRecipients }
        return recipients
    }

    /// Splits on bytes, not Characters, because Swift treats `\r\n` as one Character.
    private static func keyLines(_ text: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            var line = rawLine
            if line.last == UInt8(ascii: "\r") {
                line = line.dropLast()
            }
            if line.isEmpty || line.first == UInt8(ascii: "#") {
                continue
            }
            result.append((offset + 1, String(decoding: line, as: UTF8.self)))
        }
        return result
    }
}
