import Crypto

/// An X25519 identity: the private key that decrypts files, written `AGE-SECRET-KEY-1…`.
///
/// `description` never shows the key, so identities can appear in logs and errors safely; use `encoded` to
/// write one out on purpose.
public struct AgeIdentity: Sendable, CustomStringConvertible {
    static let humanReadablePart = "AGE-SECRET-KEY-"

    /// Kept as bytes because Swift Crypto 3's key types are not `Sendable`.
    private let privateKeyBytes: [UInt8]
    /// The recipient files for this identity are encrypted to.
    public let recipient: AgeRecipient

    /// Parses an `AGE-SECRET-KEY-1…` identity.
    ///
    /// - Parameter encoded: the identity, all upper case as age writes it.
    /// - Throws: `AgeError.invalidBech32`, `.unexpectedHumanReadablePart` (including lower case), or
    ///   `.invalidKeyLength`.
    public init(_ encoded: String) throws(AgeError) {
        try self.init(rawRepresentation: try Bech32.keyBytes(encoded, humanReadablePart: Self.humanReadablePart))
    }

    /// Creates an identity from a raw 32-byte X25519 private key.
    ///
    /// - Throws: `AgeError.invalidKeyLength` unless there are exactly 32 bytes.
    public init(rawRepresentation: some Collection<UInt8>) throws(AgeError) {
        let bytes = Array(rawRepresentation)
        guard bytes.count == 32 else { throw .invalidKeyLength(bytes.count) }
        do {
            self.init(privateKey: try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: bytes))
        } catch {
            throw .cryptographyFailure(String(describing: error))
        }
    }

    private init(privateKey: Curve25519.KeyAgreement.PrivateKey) {
        privateKeyBytes = Array(privateKey.rawRepresentation)
        recipient = AgeRecipient(publicKey: privateKey.publicKey)
    }

    /// Generates a new random identity.
    public static func generate() -> AgeIdentity {
        AgeIdentity(privateKey: Curve25519.KeyAgreement.PrivateKey())
    }

    /// The identity as `AGE-SECRET-KEY-1…`, for writing to a key file; this is the secret.
    public var encoded: String {
        Bech32.encodeValidated(
            humanReadablePart: Array(Self.humanReadablePart.utf8), data: privateKeyBytes,
            uppercase: true)
    }

    /// Names the identity by its recipient only, so the secret never reaches a log by accident.
    public var description: String { "AgeIdentity(recipient: \(recipient))" }

    /// Recovers the file key from an X25519 stanza meant for this identity.
    ///
    /// - Returns: nil for other stanza types and for X25519 stanzas addressed to someone else.
    /// - Throws: `AgeError.malformedHeader` for an X25519 stanza of the wrong shape, since age refuses the whole
    ///   file then, and `.invalidSharedSecret` for a low-order share.
    func unwrap(_ stanza: AgeStanza) throws(AgeError) -> [UInt8]? {
        guard stanza.type == AgeFormat.x25519StanzaType else { return nil }
        guard stanza.arguments.count == 1, let share = AgeBase64.decode(stanza.arguments[0].utf8), share.count == 32,
            stanza.body.count == AgeFormat.fileKeySize + AgeFormat.tagSize
        else {
            throw .malformedHeader("invalid X25519 stanza")
        }
        let wrapKey: SymmetricKey
        do {
            let privateKey = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: privateKeyBytes)
            let sharePublicKey = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: share)
            let secret = try privateKey.sharedSecretFromKeyAgreement(with: sharePublicKey)
            wrapKey = try AgeFormat.x25519WrapKey(
                sharedSecret: secret, share: share, recipient: recipient.rawRepresentation)
        } catch let error as AgeError {
            throw error
        } catch {
            throw .cryptographyFailure(String(describing: error))
        }
        let nonce = try AgeFormat.zeroNonce()
        guard
            let box = try? ChaChaPoly.SealedBox(
                nonce: nonce, ciphertext: stanza.body[..<AgeFormat.fileKeySize],
                tag: stanza.body[AgeFormat.fileKeySize...]),
            let fileKey = try? ChaChaPoly.open(box, using: wrapKey)
        else {
            return nil
        }
        return Array(fileKey)
    }
}
