extension RunFolder {
    /// `evidence.json`: the run's evidence for machines (schema in docs/JSON.md), the bytes a signature covers.
    public var evidence: String { file("evidence.json") }
    /// `evidence.html`: the same evidence for people, to print.
    public var evidencePage: String { file("evidence.html") }
    /// `evidence.json.sig`: the raw Ed25519 signature of `evidence.json`, when signed.
    public var evidenceSignature: String { EvidenceSignature.path(for: evidence) }
}
