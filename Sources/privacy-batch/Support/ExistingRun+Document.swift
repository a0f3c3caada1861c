import PrivacyBatch

extension ExistingRun {
    /// The `--json` document of a follow-up command on this run, its exit code set from the run's state; made
    /// when the command's work is done, so it also prints the audit log's head when the command appended to it.
    func document(command: String, counts: ReportWriter.Counts?) -> CommandDocument {
        var document = CommandDocument(command: command)
        document.describe(folder, endpoint: record.endpoint, counts: counts)
        if let counts { document.exitCode = ExitStatus.forRun(counts) }
        document.noteAuditHead(audit)
        return document
    }
}
