import AuditTrail
import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

/// Signed evidence against the reference implementation: OpenSSL checks what we sign, we check what it signs, and
/// neither accepts a file with one flipped byte.
@Suite struct EvidenceSignatureTests {
    static let openssl = "/usr/bin/openssl"

    /// Runs openssl in `directory`; the interop tests fail, not skip, without it.
    static func openssl(_ arguments: [String], in directory: TemporaryDirectory) async throws -> ExternalTool.Result {
        try #require(ExternalTool.isInstalled(openssl), "openssl is required for the interop tests")
        return try await ExternalTool.run(openssl, arguments, in: directory.path)
    }

    /// A key pair made by openssl: `key.pem` (PKCS#8) and `pub.pem` (SubjectPublicKeyInfo).
    static func opensslKeys(in directory: TemporaryDirectory) async throws -> (key: String, pub: String) {
        let made = try await openssl(["genpkey", "-algorithm", "ed25519", "-out", "key.pem"], in: directory)
        try #require(made.status == 0, "\(made.errors)")
        let pub = try await openssl(["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"], in: directory)
        try #require(pub.status == 0, "\(pub.errors)")
        return (directory.file("key.pem"), directory.file("pub.pem"))
    }

    @Test func evidenceSignedWithAnOpenSSLKeyVerifiesInOpenSSLAndHereAndAFlippedByteFailsInBoth() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (keyPath, pubPath) = try await Self.opensslKeys(in: directory)
        let (folder, ledger) = try await EvidenceWriterTests.run(in: directory)
        let key = try await EvidenceSignature.signingKey(at: keyPath)
        try await EvidenceWriter(folder: folder, toolVersion: "9.9.9").write(ledger: ledger, signingKey: key)

        let checked = try await Self.openssl(
            [
                "pkeyutl", "-verify", "-pubin", "-inkey", pubPath, "-rawin", "-in", folder.evidence, "-sigfile",
                folder.evidenceSignature,
            ], in: directory)
        #expect(checked.status == 0, "\(checked.errors)")
        #expect(
            try await EvidenceSignature.verify(
                evidenceAt: folder.evidence, signatureAt: folder.evidenceSignature, publicKeyAt: pubPath) == .valid)

        var bytes = try Data(contentsOf: URL(fileURLWithPath: folder.evidence))
        bytes[bytes.count - 10] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: folder.evidence))
        let refused = try await Self.openssl(
            [
                "pkeyutl", "-verify", "-pubin", "-inkey", pubPath, "-rawin", "-in", folder.evidence, "-sigfile",
                folder.evidenceSignature,
            ], in: directory)
        #expect(refused.status != 0)
        let verdict = try await EvidenceSignature.verify(
            evidenceAt: folder.evidence, signatureAt: folder.evidenceSignature, publicKeyAt: pubPath)
        #expect(verdict != .valid)
    }

    @Test func aSignatureMadeByOpenSSLIsAcceptedByOurVerifier() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (keyPath, pubPath) = try await Self.opensslKeys(in: directory)
        let (folder, ledger) = try await EvidenceWriterTests.run(in: directory)
        try await EvidenceWriter(folder: folder, toolVersion: "9.9.9").write(ledger: ledger)
        let signed = try await Self.openssl(
            ["pkeyutl", "-sign", "-inkey", keyPath, "-rawin", "-in", folder.evidence, "-out", "openssl.sig"],
            in: directory)
        try #require(signed.status == 0, "\(signed.errors)")
        #expect(
            try await EvidenceSignature.verify(
                evidenceAt: folder.evidence, signatureAt: directory.file("openssl.sig"), publicKeyAt: pubPath)
                == .valid)
        // Ed25519 is deterministic: our signature with the same key is OpenSSL's, byte for byte.
        let ours = try (try await EvidenceSignature.signingKey(at: keyPath))
            .signature(for: Data(contentsOf: URL(fileURLWithPath: folder.evidence)))
        #expect(ours == (try Data(contentsOf: URL(fileURLWithPath: directory.file("openssl.sig")))))
    }

    @Test func aSignatureOfAnotherKeyOrLengthIsInvalidAndAPrivateKeyIsNoPublicKey() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evidence = Data("{\"kind\":\"run\"}\n".utf8)
        let key = EvidenceSigningKey.generate()
        let other = EvidenceSigningKey.generate()
        let signature = try key.signature(for: evidence)
        #expect(
            try EvidenceSignature.verify(
                evidence: evidence, signature: signature, publicKeyPEM: key.verifyingKey.pemRepresentation) == .valid)
        #expect(
            try EvidenceSignature.verify(
                evidence: evidence, signature: signature, publicKeyPEM: other.verifyingKey.pemRepresentation) != .valid)
        #expect(
            try EvidenceSignature.verify(
                evidence: evidence, signature: signature.prefix(63), publicKeyPEM: key.verifyingKey.pemRepresentation)
                != .valid)
        #expect(throws: EvidenceKeyError.self) {
            try EvidenceSignature.verify(evidence: evidence, signature: signature, publicKeyPEM: key.pemRepresentation)
        }
        await #expect(throws: ConfigurationError.self) {
            try await EvidenceSignature.verify(
                evidenceAt: directory.file("missing.json"), signatureAt: directory.file("missing.json.sig"),
                publicKeyAt: directory.file("missing.pem"))
        }
    }
}
