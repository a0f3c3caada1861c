/// The RFC 8410 encodings of Ed25519 keys: PKCS#8 for the private key and SubjectPublicKeyInfo for the public.
enum Ed25519DER {
    /// OBJECT IDENTIFIER 1.3.101.112 (id-Ed25519), contents only.
    static let oid: [UInt8] = [0x2B, 0x65, 0x70]
    /// The fixed bytes before the 32-byte seed in the PKCS#8 that `openssl genpkey -algorithm ed25519` writes.
    static let privatePrefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    /// The fixed bytes before the 32-byte public key in the SubjectPublicKeyInfo `openssl pkey -pubout` writes.
    static let publicPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// Reads `AlgorithmIdentifier` and refuses anything but id-Ed25519 without parameters.
    private static func readAlgorithm(_ reader: inout DERReader) throws(EvidenceKeyError) {
        var algorithm = DERReader(try reader.read(0x30, "the algorithm identifier"))
        let identifier = try algorithm.read(0x06, "the algorithm OID")
        guard identifier == oid else { throw .notEd25519(algorithm: DERReader.describeOID(identifier)) }
        guard algorithm.isAtEnd else { throw .invalidDER("Ed25519 takes no algorithm parameters") }
    }

    /// The 32-byte seed from a PKCS#8 `PrivateKeyInfo` (v1) or `OneAsymmetricKey` (v2) and, if the key
    /// carries one, its public key.
    static func seed(fromPKCS8 der: [UInt8]) throws(EvidenceKeyError) -> (seed: [UInt8], publicKey: [UInt8]?) {
        var outer = DERReader(der)
        var info = DERReader(try outer.read(0x30, "the PrivateKeyInfo sequence"))
        guard outer.isAtEnd else { throw .invalidDER("bytes after the PrivateKeyInfo sequence") }
        let version = try info.read(0x02, "the version")
        guard version == [0] || version == [1] else { throw .invalidDER("unknown PKCS#8 version") }
        try readAlgorithm(&info)
        var wrapped = DERReader(try info.read(0x04, "the privateKey octet string"))
        let seed = try wrapped.read(0x04, "the CurvePrivateKey octet string")
        guard wrapped.isAtEnd, seed.count == 32 else { throw .invalidDER("the Ed25519 seed must be 32 bytes") }
        if info.nextTag == 0xA0 { _ = try info.read(0xA0, "the attributes") }
        var publicKey: [UInt8]?
        if info.nextTag == 0x81 {
            guard version == [1] else { throw .invalidDER("a public key in a version 1 PKCS#8") }
            let bits = try info.read(0x81, "the public key")
            guard bits.count == 33, bits[0] == 0 else { throw .invalidDER("the public key must be 32 bytes") }
            publicKey = Array(bits.dropFirst())
        }
        guard info.isAtEnd else { throw .invalidDER("unexpected fields in the PrivateKeyInfo") }
        return (seed, publicKey)
    }

    /// The 32-byte key from a `SubjectPublicKeyInfo`.
    static func key(fromSPKI der: [UInt8]) throws(EvidenceKeyError) -> [UInt8] {
        var outer = DERReader(der)
        var info = DERReader(try outer.read(0x30, "the SubjectPublicKeyInfo sequence"))
        guard outer.isAtEnd else { throw .invalidDER("bytes after the SubjectPublicKeyInfo sequence") }
        try readAlgorithm(&info)
        let bits = try info.read(0x03, "the subjectPublicKey bit string")
        guard info.isAtEnd else { throw .invalidDER("unexpected fields in the SubjectPublicKeyInfo") }
        guard bits.count == 33, bits[0] == 0 else { throw .invalidDER("the Ed25519 public key must be 32 bytes") }
        return Array(bits.dropFirst())
    }
}
