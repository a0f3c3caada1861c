import AuditTrail
import Foundation
import PrivacyBatchCore

/// The detached signature of an evidence file: `<evidence>.sig` holds the raw 64-byte Ed25519 signature (RFC 8032)
/// of the file's exact bytes, as `openssl pkeyutl -sign -rawin` makes it, so anyone can check it with OpenSSL:
///
///     openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in evidence.json -sigfile evidence.json.sig
///
/// Files are read memory-mapped: Ed25519 hashes the message twice, so it needs all of it at once, and a mapped
/// file is paged in from disk rather than copied onto the heap.
public enum EvidenceSignature {
    /// What a check of a signature found.
    public enum Verdict: Sendable, Equatable {
        /// The signature is the key's signature of exactly these bytes.
        case valid
        /// It is not: the file changed, another key signed it, or the signature is damaged.
        case invalid(reason: String)
    }

    /// The file name of the signature of the evidence at `evidence`.
    public static func path(for evidence: String) -> String { evidence + ".sig" }

    /// Checks `signature` over `evidence` with the SubjectPublicKeyInfo PEM key `publicKeyPEM`.
    public static func verify(
        evidence: some DataProtocol, signature: some DataProtocol, publicKeyPEM: String
    ) throws(EvidenceKeyError) -> Verdict {
        let key = try EvidenceVerifyingKey(pem: publicKeyPEM)
        guard signature.count == 64 else {
            return .invalid(
                reason: "the signature file holds \(signature.count) bytes, not a 64-byte Ed25519 signature")
        }
        guard key.isValidSignature(signature, for: evidence) else {
            return .invalid(reason: "the signature does not match these bytes under this public key")
        }
        return .valid
    }

    /// Reads the three files off the cooperative pool and checks the signature; throws ``ConfigurationError`` when
    /// a file cannot be read or the key is not an Ed25519 public key.
    public static func verify(
        evidenceAt evidence: String, signatureAt signature: String, publicKeyAt publicKey: String
    ) async throws -> Verdict {
        try await BlockingWork.run {
            let pem = try read(publicKey, what: "public key")
            let signatureBytes = try read(signature, what: "signature")
            let evidenceBytes = try read(evidence, what: "evidence")
            do {
                return try verify(
                    evidence: evidenceBytes, signature: signatureBytes,
                    publicKeyPEM: String(decoding: pem, as: UTF8.self))
            } catch {
                throw ConfigurationError("public key \(publicKey): \(error)")
            }
        }
    }

    /// Loads the PKCS#8 PEM private key at `path` off the cooperative pool.
    public static func signingKey(at path: String) async throws -> EvidenceSigningKey {
        try await BlockingWork.run {
            let pem = try read(path, what: "signing key")
            do { return try EvidenceSigningKey(pem: String(decoding: pem, as: UTF8.self)) } catch {
                throw ConfigurationError("signing key \(path): \(error)")
            }
        }
    }

    /// The signature of the bytes of the file at `path`.
    static func sign(fileAt path: String, with key: EvidenceSigningKey) throws -> Data {
        try key.signature(for: read(path, what: "evidence"))
    }

    /// The file at `path`, mapped; a file that cannot be read is a ``ConfigurationError`` naming it.
    static func read(_ path: String, what: String) throws -> Data {
        let url = URL(fileURLWithPath: path)
        if let mapped = try? Data(contentsOf: url, options: .alwaysMapped) { return mapped }
        do { return try Data(contentsOf: url) } catch {
            throw ConfigurationError("\(what) \(path) cannot be read")
        }
    }
}
