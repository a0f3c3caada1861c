import AuditTrail
import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

@Suite struct ShopperEvidenceTests {
    @Test func findsTheShoppersRowsInEveryRunByKeyedHashAlsoMinimisedAndNamesARunItCannotSearch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let (_, first) = try await EvidenceFixtures.run(
            "a", reports: reports,
            rows: [
                EvidenceFixtures.request(1, "other@example.com"),
                EvidenceFixtures.request(2, "ann@example.com", receivedDaysAgo: 1),
            ])
        try await first.record([SubmissionAnswer(row: 2, attempts: 1, result: .accepted(taskId: "task-a2"))])
        let (_, second) = try await EvidenceFixtures.run(
            "b", reports: reports, rows: [EvidenceFixtures.request(1, "Ann@Example.com", .retrieval)])
        try await second.minimise([
            RowMinimisation(
                row: 1, maskedEmail: "A•••@Example.com", cells: ["A•••@Example.com", "retrieval"], errorMessage: nil,
                givesUp: false, archiveDeleted: false)
        ])
        #expect(try await second.allRows().first?.email == nil)
        _ = try await EvidenceFixtures.run(
            "c", reports: reports, rows: [EvidenceFixtures.request(1, "ann@example.com")], key: .generate())
        _ = try await EvidenceFixtures.run(
            "d", reports: reports, rows: [EvidenceFixtures.request(1, "zed@example.com")])

        let keyring = RecordKeyring(
            reports: reports,
            environment: [RecordKeyring.environmentVariable: try RecordKey.testingFile(in: directory.path)])
        let result = try await ShopperEvidence(reports: reports, keyring: keyring, toolVersion: "9.9.9")
            .evidence(email: " ann@example.com ")
        #expect(result.searched == 4)
        #expect(result.runs == 2)
        #expect(result.rows == 2)
        #expect(result.problems.map(\.run) == ["c"])
        #expect(result.problems.first?.problem.contains("record key") == true)
        for email in ["ann@example.com", "Ann@Example.com", "other@example.com", "zed@example.com"] {
            #expect(result.document.range(of: Data(email.utf8)) == nil)
        }

        let document = try #require(try JSONSerialization.jsonObject(with: result.document) as? [String: Any])
        #expect(document["kind"] as? String == "shopper")
        #expect(document["schema"] as? String == "privacy-batch-evidence/1")
        let shopper = try #require(document["shopper"] as? [String: Any])
        #expect(shopper["maskedEmail"] as? String == "a•••@example.com")
        let subject = RecordKey.testing.subject(of: "ann@example.com")
        #expect(
            (shopper["subjects"] as? [[String: String]]) == [["recordKeyId": RecordKey.testing.id, "subject": subject]])
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect(runs.map { ($0["run"] as? [String: Any])?["name"] as? String } == ["a", "b"])
        #expect(runs.allSatisfy { $0["auditHead"] is NSNull })
        let rows = runs.compactMap { ($0["rows"] as? [[String: Any]])?.first }
        #expect(rows.map { $0["line"] as? Int } == [3, 2])
        #expect(rows.map { $0["subject"] as? String } == [subject, subject])
        #expect(rows[0]["taskId"] as? String == "task-a2")
        #expect(rows[1]["minimisedAt"] is String)
        #expect(rows[1]["maskedEmail"] as? String == "A•••@Example.com")
    }

    @Test func aShopperNoRunHoldsGetsAnEmptyAnswerAndWrittenEvidenceCanBeSigned() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        _ = try await EvidenceFixtures.run(
            "a", reports: reports, rows: [EvidenceFixtures.request(1, "zed@example.com")])
        let keyring = RecordKeyring(
            reports: reports,
            environment: [RecordKeyring.environmentVariable: try RecordKey.testingFile(in: directory.path)])
        let result = try await ShopperEvidence(reports: reports, keyring: keyring, toolVersion: "9.9.9")
            .evidence(email: "nobody@example.com")
        #expect(result.runs == 0)
        #expect(result.problems.isEmpty)
        let document = try #require(try JSONSerialization.jsonObject(with: result.document) as? [String: Any])
        #expect((document["runs"] as? [Any])?.isEmpty == true)
        #expect(document["runsSearched"] as? Int == 1)

        let key = EvidenceSigningKey.generate()
        let path = directory.file("shopper.json")
        let signature = try await ShopperEvidence.save(result.document, to: path, signingKey: key)
        #expect(signature == path + ".sig")
        let saved = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(saved == result.document)
        #expect(
            key.verifyingKey.isValidSignature(try Data(contentsOf: URL(fileURLWithPath: path + ".sig")), for: saved))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
