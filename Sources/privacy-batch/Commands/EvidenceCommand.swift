import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// `privacy-batch evidence`: what the tool did with the requests, as a record to keep — a run's (`evidence RUN`:
/// `evidence.json`, `evidence.html`, optionally signed) or one shopper's across every run (`evidence --email`).
struct EvidenceCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Write a run's evidence (evidence.json, evidence.html), or one shopper's across every run.",
        discussion: """
            evidence RUN writes <run>/evidence.json (schema: docs/JSON.md) and <run>/evidence.html (to print): \
            the input's SHA-256, endpoint, target id, tool version, dates, counts by type and outcome, deadline \
            results, the audit log's head, and every row by line, keyed hash and masked email, with its task, \
            its final status and when, its due day and whether it was met. No email, token or secret.

            evidence --email ADDRESS finds that shopper's rows in every run by keyed hash (minimised rows too) \
            and prints the same evidence for them on stdout, or writes it to --output FILE: the answer to "what \
            did you do with my request?". Exit 1 when a run could not be searched.

            --sign-key FILE (or BWP_EVIDENCE_KEY_FILE), an Ed25519 private key in PEM, signs the evidence file: \
            <file>.sig holds the raw 64-byte signature of its exact bytes. Check it with \
            privacy-batch verify --evidence FILE --public-key PUB.pem, or with OpenSSL:
              openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in evidence.json -sigfile evidence.json.sig

            Examples:
              openssl genpkey -algorithm ed25519 -out evidence-key.pem
              openssl pkey -in evidence-key.pem -pubout -out evidence-pub.pem
              privacy-batch evidence shoppers --sign-key evidence-key.pem
              privacy-batch evidence --email shopper@example.com --output shopper-evidence.json
            """
    )

    @Argument(help: "The run's name (under --reports) or its folder (not with --email).")
    var run: String?

    @Option(help: ArgumentHelp("A shopper whose rows to find in every run.", valueName: "address"))
    var email: String?

    @Option(
        name: .customLong("output"),
        help: ArgumentHelp("With --email: write the evidence to this file (0600) instead of stdout.", valueName: "file")
    )
    var outputFile: String?

    @OptionGroup var signing: EvidenceKeyOptions
    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if run != nil && email != nil { throw ValidationError("give a run or --email ADDRESS, not both") }
        if run == nil && email == nil { throw ValidationError("give the run, or --email ADDRESS") }
        if run != nil && outputFile != nil {
            throw ValidationError("--output is for --email; a run's evidence goes to its folder")
        }
        if email != nil && outputFile == nil {
            if output.json {
                throw ValidationError("--json prints the command's document on stdout: give --output FILE")
            }
            if signing.signKey != nil { throw ValidationError("a signature needs a file: give --output FILE") }
        }
    }

    func run() async throws {
        if let run {
            try await writeRunEvidence(run)
        } else if let email {
            try await writeShopperEvidence(email)
        }
    }

    /// `evidence RUN`.
    private func writeRunEvidence(_ run: String) async throws {
        let key = try await signing.key()
        let existing = try await ExistingRun(run, reports: reportsOptions.reports)
        let result = try await EvidenceWriter(folder: existing.folder, toolVersion: PrivacyBatchVersion.current)
            .write(ledger: existing.ledger, signingKey: key)
        Console.out("wrote the evidence of run '\(existing.folder.name)' (\(result.counts.rows) rows):")
        Console.out("  \(result.json)")
        Console.out("  \(result.page)")
        if let signature = result.signature { Console.out("  \(signature) (Ed25519 signature of evidence.json)") }
        if result.run.auditHead == nil { Console.note("no audit log head recorded for this run: auditHead is null") }
        var document = CommandDocument(command: "evidence")
        document.run = .init(
            name: existing.folder.name, folder: existing.folder.path, endpoint: existing.record.endpoint ?? "sandbox")
        document.reports = ["evidence": result.json, "evidencePage": result.page]
        if let signature = result.signature { document.reports?["signature"] = signature }
        document.details = [
            "rows": result.counts.rows, "minimised": result.counts.minimised, "signed": result.signature == nil ? 0 : 1,
        ]
        try document.finish()
    }

    /// `evidence --email`.
    private func writeShopperEvidence(_ email: String) async throws {
        // Only a file can carry a signature beside it; a key from the environment cannot sign stdout.
        let key = outputFile == nil ? nil : try await signing.key()
        if outputFile == nil, signing.path != nil {
            Console.note(
                "\(EvidenceKeyOptions.environmentVariable) is set, but stdout is not signed: give --output FILE")
        }
        let reports = reportsOptions.reports
        let result = try await ShopperEvidence(
            reports: reports, keyring: RecordKeyring(reports: reports), toolVersion: PrivacyBatchVersion.current
        ).evidence(email: email)
        var document = CommandDocument(command: "evidence")
        if let outputFile {
            let signature = try await ShopperEvidence.save(result.document, to: outputFile, signingKey: key)
            Console.out("wrote the evidence of \(MaskedEmail.mask(email)) to \(outputFile)")
            document.reports = ["evidence": outputFile]
            if let signature {
                Console.out("  \(signature) (Ed25519 signature of \(outputFile))")
                document.reports?["signature"] = signature
            }
        } else {
            let bytes = result.document
            try await BlockingWork.run { FileHandle.standardOutput.write(bytes) }
        }
        for problem in result.problems { Console.note("run '\(problem.run)': \(problem.problem)") }
        Console.note(
            "\(MaskedEmail.mask(email)): \(result.rows) rows in \(result.runs) of \(result.searched) runs searched")
        document.details = [
            "runsSearched": result.searched, "runs": result.runs, "rows": result.rows,
            "problems": result.problems.count,
        ]
        if !result.problems.isEmpty {
            document.exitCode = ExitStatus.rowProblems
            document.message = "\(result.problems.count) runs could not be searched"
        }
        try document.finish()
    }
}
