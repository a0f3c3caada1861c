import ArgumentParser

/// What `verify --evidence` checks: an evidence file, its signature and the public key to check it with.
struct VerifyEvidenceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("An evidence file (evidence.json) whose signature to check.", valueName: "file"))
    var evidence: String?

    @Option(
        name: .customLong("public-key"),
        help: ArgumentHelp(
            "The Ed25519 public key (PEM, from openssl pkey -pubout) that should have signed it.", valueName: "file"))
    var publicKey: String?

    @Option(help: ArgumentHelp("The signature file (default: the evidence file's name + .sig).", valueName: "file"))
    var signature: String?

    func validate() throws {
        if evidence != nil && publicKey == nil { throw ValidationError("--evidence needs --public-key FILE") }
        if evidence == nil && (publicKey != nil || signature != nil) {
            throw ValidationError("--public-key and --signature check an evidence file: give --evidence FILE")
        }
    }
}
