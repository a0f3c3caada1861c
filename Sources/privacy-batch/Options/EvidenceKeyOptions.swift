import ArgumentParser
import AuditTrail
import Foundation
import PrivacyBatch

/// The key that signs evidence: `--sign-key FILE`, else `BWP_EVIDENCE_KEY_FILE`, else none (unsigned evidence).
struct EvidenceKeyOptions: ParsableArguments {
    /// The environment variable naming the key file.
    static let environmentVariable = "BWP_EVIDENCE_KEY_FILE"

    @Option(
        name: .customLong("sign-key"),
        help: ArgumentHelp(
            "An Ed25519 private key (PKCS#8 PEM, from openssl genpkey -algorithm ed25519) to sign the evidence with (default: BWP_EVIDENCE_KEY_FILE).",
            valueName: "file")
    )
    var signKey: String?

    /// The key file in force: the flag, then the environment.
    var path: String? {
        if let signKey { return signKey }
        return ProcessInfo.processInfo.environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The signing key, or `nil` when none is given; a file that is not an Ed25519 key is a usage error (exit 2).
    func key() async throws -> EvidenceSigningKey? {
        guard let path else { return nil }
        let key = try await EvidenceSignature.signingKey(at: path)
        // Anyone who can read the key can sign evidence in our name. Not refused (mounted secrets are often 0644 in
        // a folder only the service can enter), but said.
        let mode = try await BlockingWork.run {
            (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
        }
        if mode & 0o077 != 0 {
            Console.note("signing key \(path) can be read by others (mode \(String(mode, radix: 8))): chmod 600 it")
        }
        return key
    }
}
