import ArgumentParser

/// `privacy-batch verify --evidence FILE --public-key PEM`: checks a signed evidence file.
struct VerifyCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the Ed25519 signature of an evidence file.",
        discussion: """
            Checks that <evidence>.sig (or --signature) is the public key's Ed25519 signature of exactly the \
            bytes of the evidence file. Exit 0: valid; 1: invalid (the file changed, or another key signed it); \
            2: a file cannot be read or the key is not an Ed25519 public key.

            The same check with OpenSSL:
              openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in evidence.json -sigfile evidence.json.sig

            Examples:
              privacy-batch verify --evidence reports/shoppers/evidence.json --public-key evidence-pub.pem
            """
    )

    @OptionGroup var evidence: VerifyEvidenceOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if evidence.evidence == nil { throw ValidationError("give --evidence FILE --public-key PEM") }
    }

    func run() async throws {
        var document = CommandDocument(command: "verify")
        document.exitCode = await VerifyEvidence.run(evidence) ?? ExitStatus.usage
        if document.exitCode != ExitStatus.success {
            document.message =
                document.exitCode == ExitStatus.rowProblems
                ? "the signature does not match the evidence" : "the evidence could not be checked"
        }
        try document.finish()
    }
}
