import PrivacyBatch
import PrivacyBatchCore

/// Checks an evidence file's detached Ed25519 signature, for `verify --evidence FILE --public-key PEM`.
///
/// A piece of its own so that `verify` can call it beside its other checks: its exit code is 0 when the signature
/// is the key's over exactly the file's bytes, 1 when it is not, 2 when a file cannot be read or the key is not an
/// Ed25519 public key.
enum VerifyEvidence {
    /// Checks `signature` (default `<evidence>.sig`) over `evidence` with `publicKey`, prints the verdict and
    /// returns the exit code.
    static func run(evidence: String, publicKey: String, signature: String? = nil) async -> Int32 {
        let signaturePath = signature ?? EvidenceSignature.path(for: evidence)
        let verdict: EvidenceSignature.Verdict
        do {
            verdict = try await EvidenceSignature.verify(
                evidenceAt: evidence, signatureAt: signaturePath, publicKeyAt: publicKey)
        } catch let error as ConfigurationError {
            Console.error(error.message)
            return ExitStatus.usage
        } catch {
            Console.error("could not check \(evidence): \(error)")
            return ExitStatus.usage
        }
        switch verdict {
        case .valid:
            Console.out("evidence \(evidence): signature valid (\(signaturePath), key \(publicKey))")
            return ExitStatus.success
        case .invalid(let reason):
            Console.error("evidence \(evidence): signature INVALID: \(reason)")
            return ExitStatus.rowProblems
        }
    }

    /// The check `options` ask for, or `nil` when they name no evidence file.
    static func run(_ options: VerifyEvidenceOptions) async -> Int32? {
        guard let evidence = options.evidence, let publicKey = options.publicKey else { return nil }
        return await run(evidence: evidence, publicKey: publicKey, signature: options.signature)
    }
}
