import AuditTrail
import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

@Suite struct EvidenceWriterTests {
    static let emails = ["ann@example.com", "late@example.com", "bo@example.com"]

    /// A run of four rows: a deletion completed in time, one overdue, an invalid row and a retrieval not handed over.
    static func run(in directory: TemporaryDirectory) async throws -> (RunFolder, Ledger) {
        let (folder, ledger) = try await EvidenceFixtures.run(
            "q4", reports: directory.file("reports"),
            rows: [
                EvidenceFixtures.request(1, emails[0], receivedDaysAgo: 3),
                EvidenceFixtures.request(2, emails[1], receivedDaysAgo: 60),
                LedgerFixtures.invalid(3, .emailInvalid, values: ["carl@@example.com", "deletion"]),
                EvidenceFixtures.request(4, emails[2], .retrieval, receivedDaysAgo: 2),
            ])
        try await ledger.record([
            SubmissionAnswer(row: 1, attempts: 1, result: .accepted(taskId: "t1")),
            SubmissionAnswer(row: 2, attempts: 1, result: .accepted(taskId: "t2")),
            SubmissionAnswer(row: 4, attempts: 1, result: .accepted(taskId: "t4")),
        ])
        try await ledger.recordSnapshots([
            (1, TaskSnapshot(taskId: "t1", status: "COMPLETED", errors: [])),
            (2, TaskSnapshot(taskId: "t2", status: "ON_HOLD", errors: [])),
            (4, TaskSnapshot(taskId: "t4", status: "COMPLETED", errors: [])),
        ])
        return (folder, ledger)
    }

    static func json(_ path: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return try #require(object as? [String: Any])
    }

    @Test func writesTheRunTheCountsTheDeadlinesAndEveryRowWithoutAnEmailOrToken() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (folder, ledger) = try await Self.run(in: directory)
        let result = try await EvidenceWriter(folder: folder, toolVersion: "9.9.9").write(ledger: ledger)
        #expect(result.signature == nil)
        #expect(result.counts.rows == 4)

        let evidence = try Self.json(folder.evidence)
        #expect(evidence["schema"] as? String == "privacy-batch-evidence/1")
        #expect(evidence["kind"] as? String == "run")
        #expect(evidence["auditHead"] is NSNull)
        #expect((evidence["tool"] as? [String: String]) == ["name": "privacy-batch", "version": "9.9.9"])
        let run = try #require(evidence["run"] as? [String: Any])
        #expect(run["inputSHA256"] as? String == LedgerFixtures.digest)
        #expect(run["endpoint"] as? String == "sandbox")
        #expect(run["targetId"] is NSNull)
        #expect(run["createdAt"] as? String == "2026-11-22T00:00:00.000Z")
        #expect(run["recordKeyId"] as? String == RecordKey.testing.id)
        #expect(run["ingestComplete"] as? Bool == true)
        let counts = try #require(evidence["counts"] as? [String: Any])
        #expect(counts["rows"] as? Int == 4)
        #expect((counts["byType"] as? [String: [String: Int]])?["deletion"] == ["COMPLETED": 1, "ON_HOLD": 1])
        #expect((counts["byType"] as? [String: [String: Int]])?["unknown"] == ["INVALID": 1])
        #expect((counts["deadlines"] as? [String: Int]) == ["met": 1, "overdue": 1, "open": 1])

        let rows = try #require(evidence["rows"] as? [[String: Any]])
        #expect(rows.map { $0["line"] as? Int } == [2, 3, 4, 5])
        #expect(rows.map { $0["outcome"] as? String } == ["COMPLETED", "ON_HOLD", "INVALID", "COMPLETED"])
        #expect(rows[0]["subject"] as? String == RecordKey.testing.subject(of: Self.emails[0]))
        #expect(rows[0]["maskedEmail"] as? String == "a•••@example.com")
        #expect(rows[0]["taskId"] as? String == "t1")
        #expect(rows[0]["submittedAt"] is String)
        #expect(rows[0]["finalAt"] is String)
        #expect(rows[0]["dueAt"] as? String != nil)
        #expect(rows[0]["deadline"] as? String == "met")
        #expect(rows[0]["deadlineMet"] as? Bool == true)
        #expect(rows[1]["deadline"] as? String == "overdue")
        #expect(rows[1]["deadlineMet"] as? Bool == false)
        #expect(rows[1]["finalAt"] is NSNull)
        #expect(rows[2]["errorCode"] as? String == "EMAIL_INVALID")
        #expect(rows[2]["subject"] is NSNull)
        // A retrieval is honoured when its archive is handed over, not when its task completes.
        #expect(rows[3]["deadline"] as? String == "open")
        #expect(rows[3]["deadlineMet"] is NSNull)
        #expect(rows.allSatisfy { $0.count == 18 })

        var secrets = Self.emails + ["carl@@example.com"]
        secrets += try await ledger.allRows().compactMap(\.clientToken)
        #expect(secrets.count == 7)
        for path in [folder.evidence, folder.evidencePage] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            for secret in secrets { #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in \(path)") }
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        let page = try String(contentsOfFile: folder.evidencePage, encoding: .utf8)
        #expect(page.contains("a•••@example.com"))
        #expect(page.contains("@media print"))
        #expect(!page.contains("<script"))
        // The summary first, then the rows.
        let summary = try #require(page.range(of: "input SHA-256"))
        let table = try #require(page.range(of: "<h2>Rows</h2>"))
        #expect(summary.lowerBound < table.lowerBound)
    }

    @Test func identicalLedgersGiveIdenticalBytesButForTheWrittenAtTime() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (folder, ledger) = try await Self.run(in: directory)
        let writer = EvidenceWriter(folder: folder, toolVersion: "9.9.9")
        let now = Date()
        try await writer.write(ledger: ledger, now: now)
        let first = try Data(contentsOf: URL(fileURLWithPath: folder.evidence))
        let firstPage = try Data(contentsOf: URL(fileURLWithPath: folder.evidencePage))
        try await writer.write(ledger: ledger, now: now)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.evidence)) == first)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.evidencePage)) == firstPage)

        try await writer.write(ledger: ledger, now: now.addingTimeInterval(1))
        let later = try String(contentsOfFile: folder.evidence, encoding: .utf8).split(separator: "\n")
        let earlier = String(decoding: first, as: UTF8.self).split(separator: "\n")
        #expect(later.count == earlier.count)
        let differing = zip(earlier, later).filter { $0 != $1 }.map { String($0.0) }
        #expect(differing.count == 1)
        #expect(differing.first?.hasPrefix("  \"evidenceWrittenAt\": ") == true)
        // One row per line, in row order: a reader can stream it too.
        #expect(earlier.filter { $0.hasPrefix("    {") }.count == 4)
    }

    @Test func aSignedRunCarriesTheKeysSignatureOfTheExactBytesAndAnUnsignedRewriteDropsIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (folder, ledger) = try await Self.run(in: directory)
        let key = EvidenceSigningKey.generate()
        let publicKey = try directory.write("pub.pem", key.verifyingKey.pemRepresentation)
        let writer = EvidenceWriter(folder: folder, toolVersion: "9.9.9")
        let result = try await writer.write(ledger: ledger, signingKey: key)
        #expect(result.signature == folder.evidenceSignature)
        let signature = try Data(contentsOf: URL(fileURLWithPath: folder.evidenceSignature))
        #expect(signature.count == 64)
        let mode = try FileManager.default.attributesOfItem(atPath: folder.evidenceSignature)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: folder.evidence))
        #expect(key.verifyingKey.isValidSignature(signature, for: bytes))
        #expect(
            try await EvidenceSignature.verify(
                evidenceAt: folder.evidence, signatureAt: folder.evidenceSignature, publicKeyAt: publicKey) == .valid)
        let page = try String(contentsOfFile: folder.evidencePage, encoding: .utf8)
        #expect(page.contains("evidence.json.sig"))

        bytes[bytes.count / 2] ^= 0x01
        let tampered = try directory.write("tampered.json", String(decoding: bytes, as: UTF8.self))
        let verdict = try await EvidenceSignature.verify(
            evidenceAt: tampered, signatureAt: folder.evidenceSignature, publicKeyAt: publicKey)
        #expect(verdict != .valid)

        try await writer.write(ledger: ledger)
        #expect(!FileManager.default.fileExists(atPath: folder.evidenceSignature))
    }

    @Test func aRunWithoutRowsIsStillAWholeDocument() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (folder, ledger) = try await EvidenceFixtures.run("empty", reports: directory.file("reports"), rows: [])
        try await EvidenceWriter(folder: folder, toolVersion: "9.9.9").write(ledger: ledger)
        let evidence = try Self.json(folder.evidence)
        #expect((evidence["rows"] as? [Any])?.isEmpty == true)
        #expect((evidence["counts"] as? [String: Any])?["rows"] as? Int == 0)
    }

    @Test func thePrintedPageListsTheFirstRowsAndSaysTheJSONHasEveryOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let count = EvidencePage.rowLimit + 5
        let (folder, ledger) = try await EvidenceFixtures.run(
            "many", reports: directory.file("reports"),
            rows: (1...count).map { EvidenceFixtures.request($0, "shopper\($0)@example.com") })
        try await EvidenceWriter(folder: folder, toolVersion: "9.9.9").write(ledger: ledger)
        let page = try String(contentsOfFile: folder.evidencePage, encoding: .utf8)
        #expect(page.components(separatedBy: "<tr><td>").count - 1 == EvidencePage.rowLimit)
        #expect(page.contains("The first \(EvidencePage.rowLimit) of \(count) rows; evidence.json lists every one."))
        let rows = try #require(try Self.json(folder.evidence)["rows"] as? [[String: Any]])
        #expect(rows.count == count)
    }

    @Test func theAuditHeadIsWrittenAsSeqAndHashWhenTheLedgerHasOne() throws {
        let record = RunRecord(
            name: "r", inputPath: "r.csv", inputSHA256: LedgerFixtures.digest, header: [], defaults: .init(),
            endpoint: "https://api.example.com", createdAt: "2026-11-22T00:00:00.000Z", targetID: "amzn1.target")
        let hash = String(repeating: "ab", count: 32)
        let run = EvidenceRun(record, auditHead: .init(seq: 42, hash: hash))
        #expect(run.auditHeadJSON == "{\"hash\":\"\(hash)\",\"seq\":42}")
        #expect(run.json.contains("\"targetId\":\"amzn1.target\""))
        #expect(EvidenceRun(record, auditHead: nil).auditHeadJSON == "null")
    }

    @Test func stringsAreEscapedAsJSONReadsThem() throws {
        let text = "a\"b\\c\n\u{01}\u{7F}é•"
        let encoded = EvidenceJSON.quoted(text)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(encoded)]".utf8)) as? [String]
        #expect(decoded == [text])
        #expect(encoded == "\"a\\\"b\\\\c\\n\\u0001\\u007fé•\"")
    }
}
