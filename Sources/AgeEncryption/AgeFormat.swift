import Crypto

/// The constants and key derivations of age v1, kept together so encryption and decryption cannot drift apart.
enum AgeFormat {
    static let versionLine: [UInt8] = Array("age-encryption.org/v1".utf8)
    static let versionPrefix: [UInt8] = Array("age-encryption.org/".utf8)
    static let stanzaPrefix: [UInt8] = Array("-> ".utf8)
    static let macLinePrefix: [UInt8] = Array("---".utf8)
    static let columns = 64
    static let fileKeySize = 16
    static let payloadNonceSize = 16
    static let chunkSize = 64 * 1024
    static let tagSize = 16
    static let x25519StanzaType = "X25519"
    static let x25519Label: [UInt8] = Array("age-encryption.org/v1/X25519".utf8)

    /// The key that wraps the file key for one X25519 recipient.
    ///
    /// The all-zero secret is refused because it comes only from low-order points, where the "shared" secret is
    /// known to everyone.
    static func x25519WrapKey(
        sharedSecret: SharedSecret, share: [UInt8], recipient: [UInt8]
    ) throws(AgeError) -> SymmetricKey {
        let secret = SymmetricKey(data: sharedSecret)
        guard secret != SymmetricKey(data: [UInt8](repeating: 0, count: 32)) else {
            throw .invalidSharedSecret
        }
        return HKDF<SHA256>.deriveKey(
            inputKeyMaterial: secret, salt: share + recipient, info: x25519Label, outputByteCount: 32)
    }

    static func headerMACKey(fileKey: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: fileKey), salt: [UInt8](), info: Array("header".utf8),
            outputByteCount: 32)
    }

    /// The wrap nonce is all zero: each wrap key is fresh (a new ephemeral share) and used once.
    static func zeroNonce() throws(AgeError) -> ChaChaPoly.Nonce {
        do {
            return try ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12))
        } catch {
            throw .cryptographyFailure(String(describing: error))
        }
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        // SystemRandomNumberGenerator is documented as cryptographically secure on every Swift platform.
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
