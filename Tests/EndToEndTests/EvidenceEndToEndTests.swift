import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import TestSupport
import Testing

/// Evidence of a run the real client sent to the simulator over loopback, followed to the end of its requests.
@Suite struct EvidenceEndToEndTests {
    @Test func evidenceNamesTheEndpointAndTargetAndAHandedOverRetrievalMeetsItsDeadline() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, clock) = manuallyClockedSimulator(start: Date())
        try await SimulatorHarness.withSimulator(configuration) { baseURL, _ in
            let received = EvidenceFixtures.day(daysAgo: 3)
            let input = try directory.write(
                "shoppers.csv",
                "email,request_type,holding_period,Request Date\nkim@example.com,deletion,1,\(received)\nret@example.com,retrieval,,\(received)\n"
            )
            let environment = simulatorEnvironment()
            // Through the command, which records the target id the requests were sent for.
            let sent = try await CLIProcess.run(
                ["run", input, "--reports", directory.path, "--endpoint", baseURL, "--yes", "--quiet"],
                directory: directory.path, environment: environment)
            #expect(sent.status == 0, "\(sent.stderr)")
            let folder = RunFolder(reports: directory.path, name: "shoppers")
            clock.advance(by: 3)
            for command in [
                ["status", folder.name], ["download", folder.name, "--plaintext-archives"],
                ["handed-over", folder.name, "--all"],
            ] {
                let done = try await CLIProcess.run(
                    command + ["--reports", directory.path], directory: directory.path, environment: environment)
                #expect(done.status == 0, "\(command): \(done.stderr)")
            }
            let written = try await CLIProcess.run(
                ["evidence", folder.name, "--reports", directory.path], directory: directory.path)
            #expect(written.status == 0, "\(written.stderr)")

            let evidence = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.evidence)))
                    as? [String: Any])
            let run = try #require(evidence["run"] as? [String: Any])
            #expect(run["endpoint"] as? String == baseURL)
            #expect(run["targetId"] as? String == SimulatorCredentials.sandbox.targetID)
            #expect(run["deadlineRule"] as? String == "gdpr")
            let rows = try #require(evidence["rows"] as? [[String: Any]])
            #expect(rows.map { $0["outcome"] as? String } == ["COMPLETED", "COMPLETED"])
            #expect(rows.map { $0["deadline"] as? String } == ["met", "met"])
            #expect(rows.map { $0["deadlineMet"] as? Bool } == [true, true])
            #expect(rows[1]["handedOverAt"] is String)
            #expect(rows.allSatisfy { $0["taskId"] is String && $0["finalAt"] is String })
            for path in [folder.evidence, folder.evidencePage] {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                for email in ["kim@example.com", "ret@example.com", SimulatorCredentials.sandbox.clientSecret] {
                    #expect(bytes.range(of: Data(email.utf8)) == nil, "\(email) in \(path)")
                }
            }
        }
    }
}
