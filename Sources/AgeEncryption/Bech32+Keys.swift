/// Reading an age key (`age1…`, `AGE-SECRET-KEY-1…`): Bech32 with the key's own human-readable part.
extension Bech32 {
    /// The key bytes of `encoded`, whose human-readable part must be `humanReadablePart`.
    static func keyBytes(_ encoded: String, humanReadablePart: String) throws(AgeError) -> [UInt8] {
        let decoded: (humanReadablePart: String, data: [UInt8])
        do {
            decoded = try Bech32.decode(encoded)
        } catch {
            throw .invalidBech32(error)
        }
        guard decoded.humanReadablePart == humanReadablePart else {
            throw .unexpectedHumanReadablePart(expected: humanReadablePart, found: decoded.humanReadablePart)
        }
        return decoded.data
    }
}
