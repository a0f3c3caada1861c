/// The strict subset of DER that Ed25519 key files use: definite, minimal lengths and nothing left over.
///
/// Hand-written instead of depending on swift-asn1 because the two structures involved (PKCS#8 and
/// SubjectPublicKeyInfo for Ed25519, RFC 8410) are a dozen fixed bytes around the key.
struct DERReader {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    var nextTag: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// The contents of the next element, which must have `tag`.
    mutating func read(_ tag: UInt8, _ what: String) throws(EvidenceKeyError) -> [UInt8] {
        guard nextTag == tag else { throw .invalidDER("expected \(what)") }
        index += 1
        guard index < bytes.count else { throw .invalidDER("\(what) has no length") }
        let first = bytes[index]
        index += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard count >= 1, count <= 4, bytes.count - index >= count else {
                throw .invalidDER("\(what) has an unsupported length")
            }
            guard bytes[index] != 0 else { throw .invalidDER("\(what) has a non-minimal length") }
            for _ in 0..<count {
                length = length << 8 | Int(bytes[index])
                index += 1
            }
            guard length >= 0x80 else { throw .invalidDER("\(what) has a non-minimal length") }
        }
        guard bytes.count - index >= length else { throw .invalidDER("\(what) runs past the end") }
        defer { index += length }
        return Array(bytes[index..<index + length])
    }

    /// Dotted notation for an OBJECT IDENTIFIER's contents, for error messages.
    static func describeOID(_ contents: [UInt8]) -> String {
        guard let first = contents.first else { return "an empty OID" }
        var parts = [first < 80 ? Int(first) / 40 : 2, first < 80 ? Int(first) % 40 : Int(first) - 80]
        var value = 0
        for byte in contents.dropFirst() {
            value = value << 7 | Int(byte & 0x7F)
            if byte & 0x80 == 0 {
                parts.append(value)
                value = 0
            }
            if value > 1 << 40 { break }
        }
        let dotted = parts.map(String.init).joined(separator: ".")
        let names = [
            "1.3.101.110": "X25519", "1.3.101.111": "X448", "1.3.101.113": "Ed448",
            "1.2.840.10045.2.1": "EC", "1.2.840.113549.1.1.1": "RSA", "1.2.840.113549.1.1.10": "RSA-PSS",
            "1.2.840.10040.4.1": "DSA",
        ]
        return names[dotted].map { "\($0), OID \(dotted)" } ?? "OID \(dotted)"
    }
}
