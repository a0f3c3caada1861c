import AgeEncryption
import Crypto
import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchLedger
import TestSupport
import Testing

/// Retrieval archives encrypted as they stream to disk, opened by the standard `age` tool.
@Suite struct EncryptedArchiveTests {
    static let age = "/usr/bin/age"

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    @Test func anEncryptedArchiveDecryptsWithTheAgeToolToTheExactBytesServed() async throws {
        try #require(ExternalTool.isInstalled(Self.age), "install the Debian package age (CI does)")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, clock) = manuallyClockedSimulator()
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let (folder, _) = try await submittedRun(
                Samples.path("retrievals.csv"), reports: directory.path, baseURL: baseURL, client: client)
            let ledger = try Ledger(path: folder.ledger)
            clock.advance(by: 2)
            let caller = RetryingCaller(settings: SubmissionSettings(rate: 500, burst: 50), stop: StopSignal())
            let tracker = TaskTracker(client: client, caller: caller, concurrency: 4)
            _ = try await tracker.refreshOpen(ledger: ledger, schedule: nil)
            let identity = AgeIdentity.generate()
            let tally = try await tracker.downloadArchives(
                into: folder.archives, ledger: ledger, protection: .encrypted([identity.recipient]))
            #expect(tally.saved == 4)
            let key = try directory.write("key.txt", identity.encoded + "\n")

            for row in try await ledger.submittedRows(.completedRetrievals, after: 0, limit: 10) {
                let stored = try #require(row.archivePath)
                #expect(stored.hasSuffix("/row-\(row.row).zip.age"))
                let file = try Data(contentsOf: URL(fileURLWithPath: stored))
                #expect(!file.starts(with: [0x50, 0x4B]))  // no zip signature: nothing plain on disk
                #expect(row.archiveSHA256 == Self.sha256(file))
                let opened = try await ExternalTool.run(Self.age, ["-d", "-i", key, stored], in: directory.path)
                #expect(opened.status == 0, "\(opened.errors)")
                // The same archive fetched in the plain: the bytes the simulator serves.
                let taskId = try #require(row.taskId)
                let link = try #require(try await client.task(taskId, type: .retrieval).dataRetrievalLink)
                let plain = directory.file("plain-\(row.row).zip")
                _ = try await client.download(link: link, to: plain)
                #expect(opened.output == (try Data(contentsOf: URL(fileURLWithPath: plain))))
                #expect(try ZipCheck.entries(in: Array(opened.output)) >= 1)
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.archives)
            #expect(leftovers.allSatisfy { $0.hasSuffix(".zip.age") })
        }
    }

    @Test func aRealEndpointsArchivesNeedARecipientOrAnExplicitPlainFlag() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Tasks end now, not in the clock's default past: a retention counted from then would have passed.
        let (configuration, clock) = manuallyClockedSimulator(start: Date())
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let (folder, _) = try await submittedRun(
                Samples.path("retrievals.csv"), reports: directory.path, baseURL: baseURL, client: client)
            clock.advance(by: 2)
            let refused = try await CLIProcess.run(
                ["download", folder.name, "--reports", directory.path], directory: directory.path,
                environment: simulatorEnvironment())
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("--archive-recipient"))
            #expect(refused.stderr.contains("--plaintext-archives"))
            #expect(!FileManager.default.fileExists(atPath: folder.archives))

            let bad = try await CLIProcess.run(
                ["download", folder.name, "--reports", directory.path, "--archive-recipient", "age1nope"],
                directory: directory.path, environment: simulatorEnvironment())
            #expect(bad.status == 2)

            let recipient = AgeIdentity.generate().recipient.encoded
            let encrypted = try await CLIProcess.run(
                ["follow-up", "--reports", directory.path], directory: directory.path,
                environment: simulatorEnvironment().merging(["BWP_ARCHIVE_RECIPIENT": recipient]) { $1 })
            #expect(encrypted.status == 1)  // archives ready to hand over
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.archives)
            #expect(files.count == 4)
            #expect(files.allSatisfy { $0.hasPrefix("row-") && $0.hasSuffix(".zip.age") })
        }
    }

    @Test func aDownloadKilledPartWayLeavesNoFileThatClaimsToBeWhole() async throws {
        try #require(ExternalTool.isInstalled(Self.age), "install the Debian package age (CI does)")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Archives of 2 MiB trickled 64 KiB at a time: the kill lands while one streams to disk.
        let (base, clock) = manuallyClockedSimulator(start: Date())
        var configuration = base
        configuration.archiveFillerBytes = 2 << 20
        configuration.archiveChunkPause = 0.02
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let (folder, _) = try await submittedRun(
                Samples.path("retrievals.csv"), reports: directory.path, baseURL: baseURL, client: client)
            clock.advance(by: 2)
            let status = try await CLIProcess.run(
                ["status", folder.name, "--reports", directory.path], directory: directory.path,
                environment: simulatorEnvironment())
            #expect(status.status == 1)  // the sample's failed retrieval
            let identity = AgeIdentity.generate()
            let key = try directory.write("key.txt", identity.encoded + "\n")
            let arguments = [
                "download", folder.name, "--reports", directory.path, "--archive-recipient", identity.recipient.encoded,
            ]
            let download = try CLIProcess(arguments, directory: directory.path, environment: simulatorEnvironment())
            let archives = folder.archives
            do {
                try await eventually("a download is part-way") {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: archives)) ?? []
                    return names.contains { $0.hasSuffix(".partial") }
                }
            } catch {
                download.signal(SIGKILL)
                let ended = await download.wait()
                Issue.record("the download ended first: \(ended.stdout) \(ended.stderr)")
                throw error
            }
            download.signal(SIGKILL)
            #expect(await download.wait().status == 128 + SIGKILL)

            // Whatever has an archive's name is whole: it decrypts (age checks the last chunk) to a checked zip.
            let named = try FileManager.default.contentsOfDirectory(atPath: archives).filter { !$0.hasPrefix(".") }
            for name in named {
                let opened = try await ExternalTool.run(
                    Self.age, ["-d", "-i", key, (archives as NSString).appendingPathComponent(name)],
                    in: directory.path)
                #expect(opened.status == 0, "\(name): \(opened.errors)")
                #expect(try ZipCheck.entries(in: Array(opened.output)) == 2)
            }
            // The ledger calls done only files that are there, with the bytes it recorded.
            let ledger = try Ledger(path: folder.ledger)
            for row in try await ledger.submittedRows(.completedRetrievals, after: 0, limit: 10) {
                guard let stored = row.archivePath else { continue }
                #expect(row.archiveSHA256 == Self.sha256(try Data(contentsOf: URL(fileURLWithPath: stored))))
            }

            // The next download sweeps the partial file and fetches the rest.
            let again = try await CLIProcess.run(
                arguments, directory: directory.path, environment: simulatorEnvironment())
            #expect(again.status == 1, "\(again.stderr)")  // the one failed retrieval of the sample needs a person
            let left = try FileManager.default.contentsOfDirectory(atPath: archives)
            #expect(left.sorted() == left.filter { $0.hasPrefix("row-") && $0.hasSuffix(".zip.age") }.sorted())
            #expect(left.count == 4)
            for row in try await ledger.submittedRows(.completedRetrievals, after: 0, limit: 10) {
                let stored = try #require(row.archivePath)
                #expect(row.archiveSHA256 == Self.sha256(try Data(contentsOf: URL(fileURLWithPath: stored))))
            }
        }
    }
}
