import Crypto
import Foundation

/// The Ed25519 public key that checks evidence signatures, in the SubjectPublicKeyInfo PEM that
/// `openssl pkey -pubout` writes.
public struct EvidenceVerifyingKey: Sendable, Equatable {
    // Raw bytes, not swift-crypto's key type, which is not `Sendable`.
    private let raw: Data

    init(raw: Data) { self.raw = raw }

    /// Loads a `-----BEGIN PUBLIC KEY-----` PEM; refuses other algorithms.
    public init(pem: String) throws(EvidenceKeyError) {
        let raw = try Ed25519DER.key(fromSPKI: try PEMBlock.der(from: pem, expected: "PUBLIC KEY"))
        do { self.raw = try Curve25519.Signing.PublicKey(rawRepresentation: raw).rawRepresentation } catch {
            throw .invalidDER("the bytes are not an Ed25519 public key")
        }
    }

    /// Loads the PEM file at `url`.
    public init(contentsOf url: URL) throws {
        try self.init(pem: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// A key from its 32 raw bytes.
    public init(rawRepresentation: some ContiguousBytes) throws {
        raw = try Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation).rawRepresentation
    }

    /// The 32 raw bytes.
    public var rawRepresentation: Data { raw }

    /// The key as SubjectPublicKeyInfo PEM, byte for byte what `openssl pkey -pubout` writes.
    public var pemRepresentation: String {
        PEMBlock(label: "PUBLIC KEY", der: Ed25519DER.publicPrefix + Array(raw)).text
    }

    /// Whether `signature` (64 raw bytes) is this key's Ed25519 signature of `data`.
    public func isValidSignature(_ signature: some DataProtocol, for data: some DataProtocol) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: data)
    }

}
