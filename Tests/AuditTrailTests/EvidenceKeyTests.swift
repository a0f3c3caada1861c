import AuditTrail
import Foundation
import Testing

@Suite struct EvidenceKeyTests {
    /// A key pair made by openssl, as an operator would make it.
    private func opensslKeyPair(in folder: TemporaryFolder) throws -> (key: URL, pub: URL) {
        let key = folder.file("key.pem")
        let pub = folder.file("pub.pem")
        try OpenSSL.succeed(["genpkey", "-algorithm", "ed25519", "-out", key.path])
        try OpenSSL.succeed(["pkey", "-in", key.path, "-pubout", "-out", pub.path])
        return (key, pub)
    }

    @Test func loadsOpenSSLKeysAndWritesTheSamePEM() throws {
        let folder = try TemporaryFolder()
        let (key, pub) = try opensslKeyPair(in: folder)
        let signing = try EvidenceSigningKey(contentsOf: key)
        let verifying = try EvidenceVerifyingKey(contentsOf: pub)
        #expect(signing.verifyingKey == verifying)
        #expect(verifying.rawRepresentation.count == 32)
        #expect(signing.verifyingKey.pemRepresentation == String(decoding: try Data(contentsOf: pub), as: UTF8.self))
        #expect(signing.pemRepresentation == String(decoding: try Data(contentsOf: key), as: UTF8.self))
    }

    @Test func opensslVerifiesOurSignatureAndRejectsAModifiedFile() throws {
        let folder = try TemporaryFolder()
        let (key, pub) = try opensslKeyPair(in: folder)
        let evidence = folder.file("evidence.zip")
        try Data("evidence bytes \u{0}\u{1}\u{2}\n".utf8).write(to: evidence)
        let signature = try EvidenceSigningKey(contentsOf: key).signature(for: try Data(contentsOf: evidence))
        #expect(signature.count == 64)
        let sig = folder.file("evidence.zip.sig")
        try signature.write(to: sig)
        let verify = ["pkeyutl", "-verify", "-pubin", "-inkey", pub.path, "-rawin", "-in", evidence.path, "-sigfile"]
        try OpenSSL.succeed(verify + [sig.path])

        try Data("evidence bytes, altered\n".utf8).write(to: evidence)
        let refused = try OpenSSL.run(verify + [sig.path])
        #expect(refused.status != 0)
    }

    @Test func weVerifyAnOpenSSLSignature() throws {
        let folder = try TemporaryFolder()
        let (key, pub) = try opensslKeyPair(in: folder)
        let evidence = folder.file("audit.jsonl")
        try LogFixture.write(evidence, count: 2)
        let sig = folder.file("audit.jsonl.sig")
        try OpenSSL.succeed(["pkeyutl", "-sign", "-inkey", key.path, "-rawin", "-in", evidence.path, "-out", sig.path])
        let verifying = try EvidenceVerifyingKey(contentsOf: pub)
        let signature = try Data(contentsOf: sig)
        let bytes = try Data(contentsOf: evidence)
        #expect(verifying.isValidSignature(signature, for: bytes))
        #expect(!verifying.isValidSignature(signature, for: bytes + Data("x".utf8)))
        #expect(!verifying.isValidSignature(signature.dropLast(), for: bytes))
    }

    @Test func opensslReadsOurGeneratedKey() throws {
        let folder = try TemporaryFolder()
        let signing = EvidenceSigningKey.generate()
        let key = folder.file("ours.pem")
        try Data(signing.pemRepresentation.utf8).write(to: key)
        let pub = try OpenSSL.succeed(["pkey", "-in", key.path, "-pubout"])
        #expect(pub.stdout == signing.verifyingKey.pemRepresentation)
        #expect(try EvidenceSigningKey(pem: signing.pemRepresentation).verifyingKey == signing.verifyingKey)
    }

    @Test(arguments: [
        ["genpkey", "-algorithm", "x25519"],
        ["genpkey", "-algorithm", "ed448"],
        ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    ])
    func refusesKeysForOtherAlgorithms(generate: [String]) throws {
        let folder = try TemporaryFolder()
        let key = folder.file("other.pem")
        let pub = folder.file("other.pub.pem")
        try OpenSSL.succeed(generate + ["-out", key.path])
        try OpenSSL.succeed(["pkey", "-in", key.path, "-pubout", "-out", pub.path])
        #expect {
            try EvidenceSigningKey(contentsOf: key)
        } throws: { error in
            guard case .notEd25519 = error as? EvidenceKeyError else { return false }
            return String(describing: error).contains("not an Ed25519 key")
        }
        #expect {
            try EvidenceVerifyingKey(contentsOf: pub)
        } throws: { error in
            guard case .notEd25519 = error as? EvidenceKeyError else { return false }
            return String(describing: error).contains("not an Ed25519 key")
        }
    }

    @Test func refusesATraditionalECKeyFile() throws {
        let folder = try TemporaryFolder()
        let key = folder.file("ec.pem")
        try OpenSSL.succeed(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.path])
        #expect(throws: EvidenceKeyError.notEd25519(algorithm: "a PEM \"EC PRIVATE KEY\" block")) {
            try EvidenceSigningKey(contentsOf: key)
        }
    }

    @Test func refusesAnEncryptedKey() throws {
        let folder = try TemporaryFolder()
        let key = folder.file("encrypted.pem")
        try OpenSSL.succeed(["genpkey", "-algorithm", "ed25519", "-aes256", "-pass", "pass:secret", "-out", key.path])
        #expect(throws: EvidenceKeyError.encrypted) {
            try EvidenceSigningKey(contentsOf: key)
        }
    }

    @Test func refusesTheWrongKindOfBlock() throws {
        let signing = EvidenceSigningKey.generate()
        #expect(throws: EvidenceKeyError.wrongKind(expected: "PRIVATE KEY", found: "PUBLIC KEY")) {
            try EvidenceSigningKey(pem: signing.verifyingKey.pemRepresentation)
        }
        #expect(throws: EvidenceKeyError.wrongKind(expected: "PUBLIC KEY", found: "PRIVATE KEY")) {
            try EvidenceVerifyingKey(pem: signing.pemRepresentation)
        }
    }

    @Test func refusesLooseDER() throws {
        let valid = EvidenceSigningKey.generate().pemRepresentation
        let der = try #require(
            Data(base64Encoded: valid.split(separator: "\n").dropFirst().dropLast().joined()))
        func pem(_ bytes: Data) -> String {
            "-----BEGIN PRIVATE KEY-----\n\(bytes.base64EncodedString())\n-----END PRIVATE KEY-----\n"
        }
        // Cut short, with a trailing byte, and with a long-form length where the short form fits.
        var longForm = Data([0x30, 0x81, 0x2E])
        longForm.append(der.dropFirst(2))
        for bad in [der.dropLast(), der + Data([0]), longForm] {
            #expect {
                try EvidenceSigningKey(pem: pem(bad))
            } throws: { error in
                guard case .invalidDER = error as? EvidenceKeyError else { return false }
                return true
            }
        }
        #expect(throws: EvidenceKeyError.notPEM("the body is not base64")) {
            try EvidenceSigningKey(pem: "-----BEGIN PRIVATE KEY-----\n***\n-----END PRIVATE KEY-----\n")
        }
        #expect(throws: EvidenceKeyError.self) {
            try EvidenceSigningKey(pem: valid + valid)
        }
    }
}
