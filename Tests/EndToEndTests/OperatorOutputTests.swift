import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import TestSupport
import Testing

/// What scripts and operators read: `--json` documents, output levels, exit codes, help and messages.
@Suite(.serialized) struct OperatorOutputTests {
    /// A document as a script decodes it: the keys docs/JSON.md promises.
    struct Document: Decodable {
        struct RunSection: Decodable {
            var name: String
            var folder: String
            var endpoint: String
        }
        struct Counts: Decodable {
            var rows: Int
            var outcomes: [String: Int]
            var byType: [String: [String: Int]]
            var needsPerson: Int
            var ordersNotClosed: Int
        }
        struct Problem: Decodable {
            var line: Int
            var code: String
            var message: String
        }
        var schema: String
        var command: String
        var exitCode: Int32
        var run: RunSection?
        var counts: Counts?
        var reports: [String: String]?
        var details: [String: Int]?
        var problems: [Problem]?
        var runs: [Document]?
        var workLeft: [String]?
        var message: String?
    }

    static func decode(_ stdout: String) throws -> Document {
        try JSONDecoder().decode(Document.self, from: Data(stdout.utf8))
    }

    @Test func runWithJsonAndQuietPrintsOneDocumentAndNothingElse() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let result = try await CLIProcess.run(
            ["run", Samples.path("with-errors.csv"), "--reports", reports, "--json", "--quiet"],
            directory: directory.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let document = try Self.decode(result.stdout)
        #expect(document.schema == "privacy-batch/1")
        #expect(document.command == "run")
        #expect(document.exitCode == result.status)
        #expect(document.run?.name == "with-errors")
        #expect(document.run?.endpoint == "sandbox")
        let counts = try #require(document.counts)
        let outcomes = try Samples.readRecords(reports + "/with-errors/outcomes.csv")
        #expect(counts.rows == outcomes.count)
        #expect(counts.outcomes.values.reduce(0, +) == counts.rows)
        #expect(counts.outcomes["INVALID"] == outcomes.filter { $0["outcome"] == "INVALID" }.count)
        #expect(document.details?["requests"] == document.details?["accepted"])
        #expect(document.reports?["outcomes"] == reports + "/with-errors/outcomes.csv")
        #expect(!result.stdout.contains("@example"))
    }

    @Test func aDryRunWithNewRunNamesTheFolderTheRunWouldGet() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        #expect(try await sandboxRun("deletions.csv", reports: reports, in: directory).status == 0)
        let result = try await CLIProcess.run(
            ["run", Samples.path("deletions.csv"), "--reports", reports, "--dry-run", "--new-run", "--json"],
            directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let run = try #require(try Self.decode(result.stdout).run)
        #expect(run.name == "deletions-2")
        #expect(run.folder == reports + "/deletions-2")
        #expect(!FileManager.default.fileExists(atPath: reports + "/deletions-2"))
    }

    @Test func aFailedSubcommandsDocumentNamesItWithItsParent() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let events = try directory.write("events.jsonl", "{}\n")
        let result = try await CLIProcess.run(
            ["events", "apply", "no-such-run", events, "--reports", directory.file("reports"), "--json"],
            directory: directory.path)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(try Self.decode(result.stdout).command == "events apply")
    }

    @Test func validateJsonNamesProblemsByLineAndCode() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIProcess.run(
            ["validate", Samples.path("with-errors.csv"), "--reports", directory.file("reports"), "--json"],
            directory: directory.path)
        #expect(result.status == 1, "\(result.stderr)")
        let document = try Self.decode(result.stdout)
        #expect(document.command == "validate")
        #expect(document.exitCode == 1)
        let problems = try #require(document.problems)
        #expect(problems.contains { $0.line == 3 && $0.code == "EMAIL_MISSING" })
        #expect(document.details?["problems"] == problems.count)
        // Human lines moved to stderr, so stdout is the document alone.
        #expect(result.stderr.contains("validated"))
    }

    @Test func anEmailInTheWrongColumnIsNeverPrinted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("swapped.csv", "request_type,email\nalice@example.com,deletion\n")
        let result = try await CLIProcess.run(
            ["validate", input, "--reports", directory.file("reports"), "--json"], directory: directory.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("(a value with an @, not repeated here)"))
        #expect(!result.stdout.contains("alice@"))
        #expect(!result.stderr.contains("alice@"))
    }

    @Test func followUpCommandsAgreeOnTheExitCodeForTheSameState() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let run = try await sandboxRun("mixed.csv", reports: reports, in: directory, ["--wait", "--quiet"])
        #expect(run.status == 1, "\(run.stderr)")
        for command in [["status", "mixed"], ["report", "mixed"], ["download", "mixed"]] {
            let result = try await CLIProcess.run(
                command + ["--reports", reports, "--json"], directory: directory.path)
            #expect(result.status == 1, "\(command): \(result.stderr)")
            let document = try Self.decode(result.stdout)
            #expect(document.exitCode == 1)
            #expect(document.counts?.outcomes["FAILED"] == 2, "\(command)")
        }
    }

    @Test func aWatchSaysBetweenRoundsWhatIsOpenAndWhenItIsNextChecked() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("held.csv"), count: 4, holdingPeriod: 2)
        let result = try await CLIProcess.run(
            ["run", input, "--wait", "--reports", directory.file("reports")], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let rounds = result.stderr.split(separator: "\n").filter { $0.hasPrefix("open tasks: ") }
        #expect(rounds.contains { $0.contains("ON_HOLD, next check") && $0.contains("(after the holding period)") })
        #expect(rounds.last == "open tasks: none — every task is final")
    }

    @Test func longCommandsReportTheirProgress() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let run = try await sandboxRun("retrievals.csv", reports: reports, in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("5/5 rows"), "\(run.stderr)")
        let status = try await CLIProcess.run(
            ["status", "retrievals", "--reports", reports], directory: directory.path)
        #expect(status.stderr.contains("5/5 tasks queried"), "\(status.stderr)")
        // The watch ends when every task is final (the unknown shopper's FAILED: exit 1), so all four archives wait.
        let watch = try await CLIProcess.run(
            ["status", "retrievals", "--watch", "--reports", reports], directory: directory.path)
        #expect(watch.status == 1, "\(watch.stderr)")
        let download = try await CLIProcess.run(
            ["download", "retrievals", "--reports", reports], directory: directory.path)
        #expect(download.stderr.contains("4/4 archives"), "\(download.stderr)")
    }

    @Test func cancelSelectorsThatMatchNothingAreNamedByLine() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let run = try await sandboxRun("deletions.csv", reports: reports, in: directory, ["--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let pick = try directory.write(
            "pick.csv", "email\nnobody@example.com\nADA.LOVELACE@example.com\nno-one@example.org\n")
        let result = try await CLIProcess.run(
            ["cancel", "deletions", "--rows", pick, "--dry-run", "--reports", reports, "--json"],
            directory: directory.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("2 selectors in \(pick) match no row of run 'deletions': lines 2, 4"))
        #expect(!result.stderr.contains("nobody@"))
        let document = try Self.decode(result.stdout)
        #expect(document.details?["unmatchedSelectors"] == 2)
        #expect(document.details?["toCancel"] == 1)
    }

    @Test func runsJsonListsEveryRunWithTheCommandsThatContinueIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let run = try await sandboxRun("retrievals.csv", reports: reports, in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let runs = try await CLIProcess.run(["runs", "--reports", reports, "--json"], directory: directory.path)
        #expect(runs.status == 0, "\(runs.stderr)")
        let entry = try #require(try Self.decode(runs.stdout).runs?.first)
        #expect(entry.run?.name == "retrievals")
        #expect(entry.details?["rows"] == 5)
        #expect(entry.workLeft?.contains { $0.contains("privacy-batch follow-up retrievals") } == true)
    }

    @Test func reportsFolderComesFromTheEnvironmentWhenNoFlagIsGiven() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("from-env")
        let result = try await CLIProcess.run(
            ["validate", Samples.path("deletions.csv")], directory: directory.path,
            environment: ["PRIVACY_BATCH_REPORTS": reports])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: reports + "/deletions/invalid-rows.csv"))
    }

    @Test func verboseLogsARequestLinePerRowWithoutPersonalData() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIProcess.run(
            [
                "run", Samples.path("deletions.csv"), "--reports", directory.file("reports"), "--verbose",
                "--log-format", "json",
            ],
            directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").compactMap { line in
            try? JSONDecoder().decode([String: String].self, from: Data(line.utf8))
        }
        let requests = lines.filter { $0["message"] == "request" }
        #expect(requests.count >= 12)
        let rows = Set(requests.filter { $0["operation"] == "StartPersonalDataDeletionTask" }.compactMap { $0["row"] })
        #expect(rows == Set((1...12).map(String.init)))
        #expect(requests.allSatisfy { $0["http"] == "200" && $0["ms"] != nil && $0["level"] == "debug" })
        #expect(!result.stderr.contains("@example"))
    }

    @Test func verboseNamesEachCutOfThePacingRate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("paced.csv"), count: 30)
        var configuration = SimulatorConfiguration()
        configuration.rate = 5
        configuration.burst = 1
        try await SimulatorHarness.withSimulator(configuration) { baseURL, _ in
            let result = try await CLIProcess.run(
                [
                    "run", input, "--endpoint", baseURL, "--reports", directory.file("reports"), "--yes", "--verbose",
                    "--log-format", "json",
                ],
                directory: directory.path, environment: simulatorEnvironment())
            #expect(result.status == 0, "\(result.stderr)")
            let cuts = result.stderr.split(separator: "\n").compactMap { line in
                try? JSONDecoder().decode([String: String].self, from: Data(line.utf8))
            }.filter { $0["message"] == "rate" }
            #expect(!cuts.isEmpty)
            #expect(cuts.allSatisfy { (Double($0["to"] ?? "") ?? .infinity) < (Double($0["from"] ?? "") ?? 0) })
        }
    }

    @Test func pacingDefaultsComeFromTheEnvironmentAndABadOneIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let arguments = ["run", Samples.path("deletions.csv"), "--dry-run", "--reports", directory.file("reports")]
        let paced = try await CLIProcess.run(
            arguments, directory: directory.path, environment: ["PRIVACY_BATCH_RATE": "3"])
        #expect(paced.status == 0, "\(paced.stderr)")
        #expect(paced.stdout.contains("estimated time at 3.0/s"), "\(paced.stdout)")
        let flagWins = try await CLIProcess.run(
            arguments + ["--rate", "6"], directory: directory.path, environment: ["PRIVACY_BATCH_RATE": "3"])
        #expect(flagWins.stdout.contains("estimated time at 6.0/s"), "\(flagWins.stdout)")
        let bad = try await CLIProcess.run(
            arguments, directory: directory.path, environment: ["PRIVACY_BATCH_CONCURRENCY": "lots"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("PRIVACY_BATCH_CONCURRENCY='lots' is not a whole number"))
    }

    @Test func quietAndVerboseTogetherAreAUsageError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIProcess.run(
            ["validate", Samples.path("deletions.csv"), "--quiet", "--verbose"], directory: directory.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--quiet and --verbose"))
    }

    @Test func versionAndHelpExamplesAndTheExitCodeTable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let version = try await CLIProcess.run(["--version"], directory: directory.path)
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let help = try await CLIProcess.run(["--help"], directory: directory.path)
        #expect(help.stdout.contains("Exit codes (every command):"))
        #expect(help.stdout.contains("130  interrupted"))
        for command in ["validate", "run", "status", "cancel", "download", "runs", "report"] {
            let result = try await CLIProcess.run([command, "--help"], directory: directory.path)
            #expect(result.stdout.contains("Examples:"), "\(command)")
            #expect(result.stdout.contains("privacy-batch \(command)"), "\(command)")
        }
    }

    @Test func anEventsFileWithoutASingleEventIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        #expect(
            try await CLIProcess.run(
                ["run", Samples.path("retrievals.csv"), "--reports", reports], directory: directory.path
            ).status == 0)
        let notEvents = try directory.write("not-events.csv", "email,ticket\na@example.com,1\nb@example.com,2\n")
        let result = try await CLIProcess.run(
            ["events", "apply", "retrievals", notEvents, "--reports", reports, "--json"], directory: directory.path)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("holds no Buy with Prime task event"))
        let document = try Self.decode(result.stdout)
        #expect(document.exitCode == 2)
        #expect(document.message?.contains("no Buy with Prime task event") == true)
    }

    @Test func aBusyPortIsNamedAsSuch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatorHarness.withSimulator { baseURL, _ in
            let port = try #require(URL(string: baseURL)?.port)
            let result = try await CLIProcess.run(
                ["simulator", "serve", "--port", String(port)], directory: directory.path)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("port \(port) is already in use"), "\(result.stderr)")
        }
    }
}
