/// The tool's version, as `privacy-batch --version` prints it and `summary.json` could record it.
enum PrivacyBatchVersion {
    /// Semantic version of this build.
    static let current = "0.5.0"
}
