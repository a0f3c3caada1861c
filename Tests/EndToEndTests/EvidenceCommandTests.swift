import Crypto
import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger
import TestSupport
import Testing

/// `evidence` and `verify --evidence` through the real command, after a sandbox run to the end of its tasks.
@Suite struct EvidenceCommandTests {
    static let emails = ["ann@example.com", "late.buyer@example.com", "bo@example.com", "not-an-address"]

    /// A sandbox run of three requests with received dates (one received long ago) and an invalid row, waited to
    /// the end of its tasks.
    static func finishedRun(in directory: TemporaryDirectory) async throws -> String {
        let input = try directory.write(
            "q.csv",
            """
            email,request_type,holding_period,Request Date
            \(emails[0]),deletion,0,\(EvidenceFixtures.day(daysAgo: 2))
            \(emails[1]),deletion,0,\(EvidenceFixtures.day(daysAgo: 60))
            \(emails[2]),retrieval,,\(EvidenceFixtures.day(daysAgo: 1))
            \(emails[3]),deletion,0,\(EvidenceFixtures.day(daysAgo: 1))

            """)
        let reports = directory.file("reports")
        let run = try await CLIProcess.run(
            ["run", input, "--reports", reports, "--wait", "--quiet"], directory: directory.path)
        #expect(run.status == 1, "\(run.stderr)")  // the invalid row
        return reports
    }

    /// The personal data of the run: its emails and every row's client token.
    static func secrets(reports: String) async throws -> [String] {
        let rows = try await Ledger(path: reports + "/q/ledger.sqlite").allRows()
        let tokens = rows.compactMap(\.clientToken)
        #expect(tokens.count == 3)
        return emails + tokens
    }

    static func openssl(_ arguments: [String], in directory: TemporaryDirectory) async throws -> ExternalTool.Result {
        try #require(ExternalTool.isInstalled("/usr/bin/openssl"), "openssl is required for the interop tests")
        return try await ExternalTool.run("/usr/bin/openssl", arguments, in: directory.path)
    }

    @Test func signedEvidenceOfARunHoldsNoPersonalDataAndVerifiesInOpenSSLAndVerify() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = try await Self.finishedRun(in: directory)
        #expect(
            try await Self.openssl(["genpkey", "-algorithm", "ed25519", "-out", "key.pem"], in: directory).status == 0)
        #expect(
            try await Self.openssl(["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"], in: directory).status == 0)

        let written = try await CLIProcess.run(
            ["evidence", "q", "--reports", reports, "--sign-key", "key.pem", "--json"], directory: directory.path)
        #expect(written.status == 0, "\(written.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(written.stdout.utf8)) as? [String: Any])
        #expect(document["command"] as? String == "evidence")
        #expect((document["details"] as? [String: Int])?["signed"] == 1)
        let evidencePath = reports + "/q/evidence.json"
        #expect((document["reports"] as? [String: String])?["signature"] == evidencePath + ".sig")

        let evidence = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: evidencePath)))
                as? [String: Any])
        #expect((evidence["tool"] as? [String: String])?["name"] == "privacy-batch")
        // The head the ledger recorded, which the last command printed: the log's last line.
        let auditHead = try #require(evidence["auditHead"] as? [String: Any])
        let logLines = try String(contentsOfFile: reports + "/q/audit.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(auditHead["seq"] as? Int == logLines.count)
        #expect(auditHead["hash"] as? String == Hexadecimal.encode(SHA256.hash(data: Data((logLines.last ?? "").utf8))))
        let rows = try #require(evidence["rows"] as? [[String: Any]])
        #expect(rows.map { $0["outcome"] as? String } == ["COMPLETED", "COMPLETED", "COMPLETED", "INVALID"])
        #expect(rows.map { $0["deadline"] as? String } == ["met", "missed", "open", nil])
        #expect(rows.map { $0["deadlineMet"] as? Bool } == [true, false, nil, nil])
        #expect(rows[0]["finalAt"] is String)
        #expect(rows[0]["taskId"] is String)
        #expect(rows[0]["subject"] is String)
        let counts = try #require(evidence["counts"] as? [String: Any])
        #expect((counts["deadlines"] as? [String: Int]) == ["met": 1, "missed": 1, "open": 1])

        let secrets = try await Self.secrets(reports: reports)
        for path in [evidencePath, reports + "/q/evidence.html"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            for secret in secrets { #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in \(path)") }
        }

        let opensslCheck = [
            "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", evidencePath, "-sigfile",
            evidencePath + ".sig",
        ]
        #expect(try await Self.openssl(opensslCheck, in: directory).status == 0)
        let verified = try await CLIProcess.run(
            ["verify", "--evidence", evidencePath, "--public-key", "pub.pem"], directory: directory.path)
        #expect(verified.status == 0, "\(verified.stderr)")

        var bytes = try Data(contentsOf: URL(fileURLWithPath: evidencePath))
        bytes[40] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: evidencePath))
        #expect(try await Self.openssl(opensslCheck, in: directory).status != 0)
        let refused = try await CLIProcess.run(
            ["verify", "--evidence", evidencePath, "--public-key", "pub.pem", "--json"], directory: directory.path)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("\"exitCode\" : 1"))
        let unreadable = try await CLIProcess.run(
            ["verify", "--evidence", evidencePath, "--public-key", "missing.pem"], directory: directory.path)
        #expect(unreadable.status == 2)
        let wrongKey = try await CLIProcess.run(
            ["verify", "--evidence", evidencePath, "--public-key", "key.pem"], directory: directory.path)
        #expect(wrongKey.status == 2)
        // A public key is no signing key: refused before anything is written.
        let notASigningKey = try await CLIProcess.run(
            ["evidence", "q", "--reports", reports, "--sign-key", "pub.pem"], directory: directory.path)
        #expect(notASigningKey.status == 2)
        #expect(notASigningKey.stderr.contains("PRIVATE KEY"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: evidencePath)) == bytes)
    }

    @Test func aShoppersEvidenceAcrossRunsIsFoundByKeyedHashAlsoAfterMinimisation() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = try await Self.finishedRun(in: directory)
        let forgot = try await CLIProcess.run(["forget", "q", "--reports", reports], directory: directory.path)
        #expect(forgot.status != 2, "\(forgot.stderr)")

        let printed = try await CLIProcess.run(
            ["evidence", "--email", "Ann@Example.com", "--reports", reports], directory: directory.path)
        #expect(printed.status == 0, "\(printed.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        #expect(document["kind"] as? String == "shopper")
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let row = try #require((runs.first?["rows"] as? [[String: Any]])?.first)
        #expect(row["line"] as? Int == 2)
        #expect(row["outcome"] as? String == "COMPLETED")
        #expect(row["deadlineMet"] as? Bool == true)
        #expect(row["minimisedAt"] is String)
        let secrets = try await Self.secrets(reports: reports)
        for secret in secrets + ["Ann@Example.com"] {
            #expect(!printed.stdout.contains(secret))
            #expect(!printed.stderr.contains(secret))
        }

        // Signed into a file, with the key from the environment.
        #expect(
            try await Self.openssl(["genpkey", "-algorithm", "ed25519", "-out", "key.pem"], in: directory).status == 0)
        let saved = try await CLIProcess.run(
            ["evidence", "--email", "ann@example.com", "--reports", reports, "--output", "ann.json", "--json"],
            directory: directory.path, environment: ["BWP_EVIDENCE_KEY_FILE": directory.file("key.pem")])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.file("ann.json.sig")))
        #expect((try? Data(contentsOf: URL(fileURLWithPath: directory.file("ann.json.sig"))))?.count == 64)

        let both = try await CLIProcess.run(
            ["evidence", "q", "--email", "ann@example.com", "--reports", reports], directory: directory.path)
        #expect(both.status == 2)
        let unsignable = try await CLIProcess.run(
            ["evidence", "--email", "ann@example.com", "--reports", reports, "--sign-key", "key.pem"],
            directory: directory.path)
        #expect(unsignable.status == 2)
    }
}
