import Crypto
import Foundation

/// The Ed25519 private key that signs evidence files, in the PKCS#8 PEM that `openssl genpkey -algorithm
/// ed25519` writes, so operators can create, back up and inspect it with standard tools.
public struct EvidenceSigningKey: Sendable {
    // The seed, not swift-crypto's key type, which is not `Sendable`; rebuilding the key per signature is cheap.
    private let seed: Data

    /// Loads a `-----BEGIN PRIVATE KEY-----` PEM; refuses other algorithms, encrypted keys and loose DER.
    public init(pem: String) throws(EvidenceKeyError) {
        let der = try PEMBlock.der(from: pem, expected: "PRIVATE KEY")
        let (seed, publicKey) = try Ed25519DER.seed(fromPKCS8: der)
        let key: Curve25519.Signing.PrivateKey
        do { key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed) } catch {
            throw .invalidDER("the seed is not a valid Ed25519 key")
        }
        // A v2 key that carries a public key must carry its own, or a spliced file would sign as someone else.
        if let publicKey, publicKey != Array(key.publicKey.rawRepresentation) {
            throw .invalidDER("the embedded public key does not belong to the private key")
        }
        self.seed = key.rawRepresentation
    }

    /// Loads the PEM file at `url`.
    public init(contentsOf url: URL) throws {
        try self.init(pem: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// A fresh random key.
    public static func generate() -> EvidenceSigningKey {
        EvidenceSigningKey(seed: Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    private init(seed: Data) { self.seed = seed }

    private func key() throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    /// The key as PKCS#8 PEM, byte for byte what OpenSSL writes for the same key.
    public var pemRepresentation: String {
        PEMBlock(label: "PRIVATE KEY", der: Ed25519DER.privatePrefix + Array(seed)).text
    }

    /// The matching public key, to publish beside the evidence.
    public var verifyingKey: EvidenceVerifyingKey {
        // The seed was checked when loaded or generated, so deriving its public key cannot fail.
        EvidenceVerifyingKey(raw: (try? key().publicKey.rawRepresentation) ?? Data())
    }

    /// The raw 64-byte Ed25519 signature of `data` (RFC 8032), as `openssl pkeyutl -sign -rawin` makes it.
    public func signature(for data: some DataProtocol) throws -> Data {
        try key().signature(for: data)
    }
}
