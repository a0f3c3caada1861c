import AuditTrail
import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `privacy-batch evidence RUN`: writes `evidence.json` and `evidence.html` from the run's ledger, and with a key
/// `evidence.json.sig`.
///
/// Everything is read in one read transaction on the ledger's own thread, and written there too (as reports are):
/// the counts in a first pass over the rows, then the rows themselves, streamed to both files through a cursor, so
/// memory stays flat at a million rows. The JSON's bytes depend only on the ledger, the tool's version and the
/// instant given (the written-at time, and the deadline states at that time): keys are sorted, rows in row order,
/// one per line.
public struct EvidenceWriter: Sendable {
    /// What a write produced.
    public struct Result: Sendable, Equatable {
        /// The run as the evidence describes it.
        public var run: EvidenceRun
        /// Its rows' counts.
        public var counts: EvidenceCounts
        /// `evidence.json`.
        public var json: String
        /// `evidence.html`.
        public var page: String
        /// `evidence.json.sig`, when signed.
        public var signature: String?
    }

    /// The `schema` of evidence documents; a change that breaks a reader bumps it.
    public static let schema = "privacy-batch-evidence/1"

    /// The run's folder.
    public let folder: RunFolder
    /// The version of privacy-batch writing the evidence, recorded in it.
    public let toolVersion: String

    /// A writer for the run in `folder`.
    public init(folder: RunFolder, toolVersion: String) {
        self.folder = folder
        self.toolVersion = toolVersion
    }

    /// Writes the evidence as of `now`; signs `evidence.json` with `signingKey` when given, and otherwise removes a
    /// signature left from an earlier write, which would no longer match.
    @discardableResult
    public func write(
        ledger: Ledger, signingKey: EvidenceSigningKey? = nil, now: Date = Date()
    ) async throws -> Result {
        let path = ledger.path
        return try await ledger.read { snapshot in
            try write(from: snapshot, ledgerPath: path, signingKey: signingKey, now: now)
        }
    }

    private func write(
        from snapshot: LedgerSnapshot, ledgerPath: String, signingKey: EvidenceSigningKey?, now: Date
    ) throws -> Result {
        guard let record = try snapshot.run(), let run = try EvidenceRun.read(from: snapshot) else {
            throw ConfigurationError("the ledger at \(ledgerPath) holds no run")
        }
        let deadlines = RowDeadline(record: record, now: now)
        let writtenAt = Timestamp.string(now)
        // The counts come first in both files (a reader, and a person, sees the summary before the rows), so they
        // are counted in a pass of their own; the same transaction makes both passes see the same rows.
        var counts = EvidenceCounts()
        try snapshot.forEachRow { counts.add(EvidenceRow($0, deadlines: deadlines)) }

        let json = try StreamedFile(path: folder.evidence)
        let page = try StreamedFile(path: folder.evidencePage)
        let html = EvidencePage(
            run: run, counts: counts, toolVersion: toolVersion, writtenAt: writtenAt, signed: signingKey != nil)
        try json.write(
            """
            {
              "auditHead": \(run.auditHeadJSON),
              "counts": \(counts.json),
              "evidenceWrittenAt": \(EvidenceJSON.quoted(writtenAt)),
              "kind": "run",
              "rows": [

            """)
        try page.write(html.head())
        var written = 0
        try snapshot.forEachRow { row in
            let evidence = EvidenceRow(row, deadlines: deadlines)
            try json.write((written == 0 ? "    " : ",\n    ") + evidence.json)
            if written < EvidencePage.rowLimit { try page.write(EvidencePage.row(evidence)) }
            written += 1
        }
        try json.write(
            """
            \(written == 0 ? "" : "\n")  ],
              "run": \(run.json),
              "schema": \(EvidenceJSON.quoted(Self.schema)),
              "tool": \(Self.toolJSON(toolVersion))
            }

            """)
        try page.write(html.tail(listed: min(written, EvidencePage.rowLimit)))
        try json.finish()
        let signature = try signingKey.map { try EvidenceSignature.sign(fileAt: json.temporary, with: $0) }
        try page.commit()
        // A signature beside new evidence must be of that evidence: the old one goes before the new file arrives,
        // so a crash in between leaves evidence without a signature, never with a wrong one.
        if unlink(folder.evidenceSignature) != 0 && errno != ENOENT {
            throw POSIXFailure(operation: "unlink", path: folder.evidenceSignature)
        }
        try json.commit()
        if let signature { try AtomicFile.write(data: signature, to: folder.evidenceSignature) }
        return Result(
            run: run, counts: counts, json: folder.evidence, page: folder.evidencePage,
            signature: signature == nil ? nil : folder.evidenceSignature)
    }

    /// `{"name":"privacy-batch","version":…}`.
    static func toolJSON(_ version: String) -> String {
        EvidenceJSON.Value.object([("name", .string("privacy-batch")), ("version", .string(version))]).text
    }
}
