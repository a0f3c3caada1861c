import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchCore

/// `privacy-batch verify RUN`: checks a run's audit log against itself and against the ledger;
/// `verify --evidence FILE --public-key PEM`: checks a signed evidence file.
struct VerifyCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a run's audit log (hash chain, head, every row's state), or a signed evidence file.",
        discussion: """
            verify RUN (or --all): exit 0 when the log, its head and the ledger agree; 1 naming the first line or \
            row that disagrees and how; 2 when a run cannot be read (in use, no ledger).

            verify --evidence FILE --public-key PEM: checks that <evidence>.sig (or --signature) is the public \
            key's Ed25519 signature of exactly the bytes of the evidence file. Exit 0: valid; 1: invalid (the file \
            changed, or another key signed it); 2: a file cannot be read or the key is not an Ed25519 public key. \
            The same check with OpenSSL:
              openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in evidence.json -sigfile evidence.json.sig

            Examples:
              privacy-batch verify shoppers
              privacy-batch verify --all --json | jq '.runs[] | select(.audit.agrees | not) | .run.name'
              privacy-batch verify --evidence reports/shoppers/evidence.json --public-key evidence-pub.pem
            """
    )

    @Argument(help: "The run's name (under --reports) or its folder; leave out with --all.")
    var run: String?

    @Flag(help: "Verify every run under the reports folder.")
    var all = false

    @OptionGroup var evidence: VerifyEvidenceOptions
    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if evidence.evidence != nil {
            guard run == nil, !all else { throw ValidationError("--evidence checks a file: give no run and no --all") }
            return
        }
        guard (run == nil) == all else {
            throw ValidationError("give a run, or --all (not both), or --evidence FILE --public-key PEM")
        }
    }

    func run() async throws {
        if evidence.evidence != nil {
            var document = CommandDocument(command: "verify")
            document.exitCode = await VerifyEvidence.run(evidence) ?? ExitStatus.usage
            if document.exitCode != ExitStatus.success {
                document.message =
                    document.exitCode == ExitStatus.rowProblems
                    ? "the signature does not match the evidence" : "the evidence could not be checked"
            }
            try document.finish()
            return
        }
        guard all else {
            guard let run else { return }
            let folder = try RunFolder.existing(run, reports: reportsOptions.reports)
            var document = try await Self.verify(folder)
            document.command = "verify"
            try document.finish()
            return
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: reportsOptions.reports)) ?? []
        let folders = names.sorted().map { RunFolder(reports: reportsOptions.reports, name: $0) }.filter(\.hasLedger)
        var document = CommandDocument(command: "verify --all")
        document.runs = []
        if folders.isEmpty { Console.out("no runs under \(reportsOptions.reports)/") }
        for folder in folders {
            let entry: CommandDocument
            do {
                entry = try await Self.verify(folder)
            } catch {
                Console.out("\(folder.name): cannot verify: \(Self.describe(error))")
                var unread = CommandDocument(command: "verify")
                unread.run = .init(name: folder.name, folder: folder.path, endpoint: "unknown")
                unread.exitCode = ExitStatus.usage
                unread.message = Self.describe(error)
                entry = unread
            }
            document.runs?.append(entry)
            // The worst code wins: a run that cannot be read (2) over one that disagrees (1).
            document.exitCode = max(document.exitCode, entry.exitCode)
        }
        try document.finish()
    }

    /// Verifies one run, prints the verdict and returns its document; throws when the run cannot be read.
    private static func verify(_ folder: RunFolder) async throws -> CommandDocument {
        let result = try await RunVerifier.verify(folder)
        var document = CommandDocument(command: "verify")
        document.run = .init(name: folder.name, folder: folder.path, endpoint: "")
        document.run?.endpoint = result.endpoint ?? "sandbox"
        document.details = ["entries": result.entries, "rows": result.rows]
        document.audit = CommandDocument.AuditSection(
            seq: result.head.seq, sha256: result.head.hash, agrees: result.agrees,
            recordedSeq: result.recordedHead?.seq, recordedSha256: result.recordedHead?.hash,
            line: result.problem?.line, row: result.problem?.row, problem: result.problem?.message)
        if let problem = result.problem {
            Console.out("\(folder.name): audit log disagrees: \(problem)")
            document.exitCode = ExitStatus.rowProblems
            document.message = problem.description
        } else {
            Console.out(
                "\(folder.name): audit log verified: \(result.entries) entries, \(result.rows) rows agree with the ledger; head seq \(result.head.seq) sha256 \(result.head.hash)"
            )
        }
        return document
    }

    private static func describe(_ error: any Error) -> String {
        (error as? ConfigurationError)?.message ?? String(describing: error)
    }
}
