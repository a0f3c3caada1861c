import AuditTrail
import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `evidence --email`: what the tool did with one shopper's requests, across every run of a reports folder — the
/// answer to "what did you do with my request?".
///
/// Rows are found by the shopper's keyed hash under every record key the folder's runs may have used
/// (``RecordKeyring/existingKeys()``), so minimised rows, which keep only the hash and the masked email, are found
/// too. The document is the run evidence's shape, one entry per run that holds the shopper; it never holds the
/// address (only its masked form). It reads, and changes nothing: no run is locked.
public struct ShopperEvidence: Sendable {
    /// A run that could not be searched, and why.
    public struct Problem: Sendable, Equatable {
        /// The run's name.
        public var run: String
        /// Why, in words (no email).
        public var problem: String
    }

    /// What a search found.
    public struct Result: Sendable {
        /// The evidence document (JSON, keys sorted, ending in a newline).
        public var document: Data
        /// The runs searched.
        public var searched: Int
        /// The runs that hold the shopper.
        public var runs: Int
        /// The shopper's rows in all of them.
        public var rows: Int
        /// Runs that could not be searched.
        public var problems: [Problem]
    }

    /// The reports folder.
    public let reports: String
    /// The record keys of its runs.
    public let keyring: RecordKeyring
    /// The version of privacy-batch, recorded in the document.
    public let toolVersion: String

    /// A search of the runs under `reports`.
    public init(reports: String, keyring: RecordKeyring, toolVersion: String) {
        self.reports = reports
        self.keyring = keyring
        self.toolVersion = toolVersion
    }

    /// The evidence of every row of the shopper `email`, as of `now`.
    public func evidence(email: String, now: Date = Date()) async throws -> Result {
        let reports = self.reports
        let keyring = self.keyring
        // Key files and the folder listing are small reads, but reads: off the cooperative pool.
        let (keys, folders) = try await BlockingWork.run {
            let keys = try keyring.existingKeys()
            return (keys, try RunFolder.all(in: reports))
        }
        guard !keys.isEmpty else {
            throw ConfigurationError(
                "no record key exists for \(reports): no run there has hashed a shopper, so there is nothing to find")
        }
        let subjects = keys.map { (id: $0.id, subject: $0.subject(of: email)) }
        var runLines: [String] = []
        var problems: [Problem] = []
        var rows = 0
        for folder in folders {
            do {
                let ledgerPath = folder.ledger
                let ledger = try await BlockingWork.run { try Ledger(path: ledgerPath) }
                let found = try await ledger.read { snapshot -> Result.Found in
                    try Self.search(snapshot, subjects: subjects, now: now)
                }
                switch found {
                case .rows(let run?, let matches) where !matches.isEmpty:
                    rows += matches.count
                    runLines.append(
                        EvidenceJSON.Value.object([
                            ("auditHead", EvidenceJSON.Value(text: run.auditHeadJSON)),
                            ("run", EvidenceJSON.Value(text: run.json)),
                            ("rows", .array(matches.map { EvidenceJSON.Value(text: $0.json) })),
                        ]).text)
                case .rows: break
                case .problem(let problem): problems.append(Problem(run: folder.name, problem: problem))
                }
            } catch {
                problems.append(Problem(run: folder.name, problem: "could not be read: \(error)"))
            }
        }
        let shopper = EvidenceJSON.Value.object([
            ("maskedEmail", .string(MaskedEmail.mask(email))),
            (
                "subjects",
                .array(subjects.map { .object([("recordKeyId", .string($0.id)), ("subject", .string($0.subject))]) })
            ),
        ])
        let problemLines = problems.map {
            EvidenceJSON.Value.object([("run", .string($0.run)), ("problem", .string($0.problem))]).text
        }
        let text = """
            {
              "evidenceWrittenAt": \(EvidenceJSON.quoted(Timestamp.string(now))),
              "kind": "shopper",
              "problems": \(Self.lines(problemLines)),
              "runs": \(Self.lines(runLines)),
              "runsSearched": \(folders.count),
              "schema": \(EvidenceJSON.quoted(EvidenceWriter.schema)),
              "shopper": \(shopper.text),
              "tool": \(EvidenceWriter.toolJSON(toolVersion))
            }

            """
        return Result(
            document: Data(text.utf8), searched: folders.count, runs: runLines.count, rows: rows, problems: problems)
    }

    /// The shopper's rows in one run, or why it cannot be searched.
    private static func search(
        _ snapshot: LedgerSnapshot, subjects: [(id: String, subject: String)], now: Date
    ) throws -> Result.Found {
        guard let record = try snapshot.run(), let run = try EvidenceRun.read(from: snapshot) else {
            return .rows(run: nil, [])
        }
        guard let keyId = record.recordKeyId else {
            return .problem("its rows have no keyed hash (a run from before record keys): rerun its file to hash them")
        }
        guard let subject = subjects.first(where: { $0.id == keyId })?.subject else {
            return .problem("hashed under record key \(keyId), which is not here: restore that key file to search it")
        }
        let deadlines = RowDeadline(record: record, now: now)
        return .rows(run: run, try snapshot.rows(withSubjects: [subject]).map { EvidenceRow($0, deadlines: deadlines) })
    }

    /// An array of one-line items, one per line.
    private static func lines(_ items: [String]) -> String {
        guard !items.isEmpty else { return "[]" }
        return "[\n    " + items.joined(separator: ",\n    ") + "\n  ]"
    }
}

extension ShopperEvidence.Result {
    /// What one run held.
    fileprivate enum Found: Sendable {
        case rows(run: EvidenceRun?, [EvidenceRow])
        case problem(String)
    }
}

extension ShopperEvidence {
    /// Writes `document` to `path` (`0600`, by temporary name and rename) off the cooperative pool; with
    /// `signingKey`, its signature to `<path>.sig`, else removes a signature left there, which would not match.
    /// Returns the signature's path when signed.
    public static func save(_ document: Data, to path: String, signingKey: EvidenceSigningKey?) async throws -> String?
    {
        try await BlockingWork.run {
            let signaturePath = EvidenceSignature.path(for: path)
            if unlink(signaturePath) != 0 && errno != ENOENT {
                throw POSIXFailure(operation: "unlink", path: signaturePath)
            }
            try AtomicFile.write(data: document, to: path)
            guard let signingKey else { return nil }
            try AtomicFile.write(data: try signingKey.signature(for: document), to: signaturePath)
            return signaturePath
        }
    }
}
