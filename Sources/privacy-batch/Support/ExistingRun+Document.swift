import PrivacyBatch

extension ExistingRun {
    /// The `--json` document of a follow-up command on this run, its exit code set from the run's state.
    func document(command: String, counts: ReportWriter.Counts?) -> CommandDocument {
        var document = CommandDocument(command: command)
        document.describe(folder, endpoint: record.endpoint, counts: counts)
        if let counts { document.exitCode = ExitStatus.forRun(counts) }
        return document
    }
}
