import Crypto

/// An X25519 recipient: the public key a file is encrypted to, written `age1…`.
public struct AgeRecipient: Sendable, Hashable, CustomStringConvertible {
    static let humanReadablePart = "age"

    /// The 32-byte X25519 public key.
    public let rawRepresentation: [UInt8]

    /// Parses an `age1…` recipient.
    ///
    /// - Parameter encoded: the recipient, all lower case as age writes it.
    /// - Throws: `AgeError.invalidBech32`, `.unexpectedHumanReadablePart` (including `AGE1…` in upper case), or
    ///   `.invalidKeyLength`.
    public init(_ encoded: String) throws(AgeError) {
        try self.init(rawRepresentation: try Bech32.keyBytes(encoded, humanReadablePart: Self.humanReadablePart))
    }

    /// Creates a recipient from a raw 32-byte X25519 public key.
    ///
    /// - Throws: `AgeError.invalidKeyLength` unless there are exactly 32 bytes.
    public init(rawRepresentation: some Collection<UInt8>) throws(AgeError) {
        let bytes = Array(rawRepresentation)
        guard bytes.count == 32 else { throw .invalidKeyLength(bytes.count) }
        self.rawRepresentation = bytes
    }

    /// Swift Crypto keys are always 32 bytes, so keys it made need no length check.
    init(publicKey: Curve25519.KeyAgreement.PublicKey) {
        rawRepresentation = Array(publicKey.rawRepresentation)
    }

    /// The recipient as `age1…`.
    public var encoded: String {
        Bech32.encodeValidated(
            humanReadablePart: Array(Self.humanReadablePart.utf8), data: rawRepresentation, uppercase: false)
    }

    /// The recipient as `age1…`; public keys are safe to print.
    public var description: String { encoded }

    /// Recipients are equal when their public keys are.
    public static func == (lhs: AgeRecipient, rhs: AgeRecipient) -> Bool {
        lhs.rawRepresentation == rhs.rawRepresentation
    }

    /// Hashes the public key.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(rawRepresentation)
    }

    /// Wraps the file key for this recipient under a fresh ephemeral key, so every file has its own wrap key.
    func wrap(fileKey: [UInt8]) throws(AgeError) -> AgeStanza {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let share = Array(ephemeral.publicKey.rawRepresentation)
        do {
            // Keys are kept as bytes because Swift Crypto 3's key types are not `Sendable`.
            let publicKey = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: rawRepresentation)
            let secret = try ephemeral.sharedSecretFromKeyAgreement(with: publicKey)
            let wrapKey = try AgeFormat.x25519WrapKey(sharedSecret: secret, share: share, recipient: rawRepresentation)
            let box = try ChaChaPoly.seal(fileKey, using: wrapKey, nonce: AgeFormat.zeroNonce())
            return AgeStanza(
                type: AgeFormat.x25519StanzaType, arguments: [AgeBase64.encode(share)],
                body: Array(box.ciphertext) + Array(box.tag))
        } catch let error as AgeError {
            throw error
        } catch {
            throw .cryptographyFailure(String(describing: error))
        }
    }
}
