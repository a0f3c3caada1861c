import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchCore
import TestSupport
import Testing

/// Planted links, shared folders, escaping run names, secrets in URLs and a shared sandbox, through the CLI.
@Suite(.serialized) struct HostileSurroundingsTests {
    func mode(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    @Test(arguments: ["../escape", "", "..", "esc\u{1B}[2Jape"])
    func runNamesThatEscapeOrHideAreRefused(_ name: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let result = try await CLIProcess.run(
            ["run", Samples.path("retrievals.csv"), "--reports", reports, "--run", name], directory: directory.path)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("run name"))
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("escape")))
        #expect(!FileManager.default.fileExists(atPath: (reports as NSString).appendingPathComponent("ledger.sqlite")))
    }

    @Test func aReportsFolderThatIsALinkOrOpenToOthersIsRefusedAndLeftAlone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let shared = directory.file("shared")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: false)
        chmod(shared, 0o777)
        let open = try await CLIProcess.run(
            ["run", Samples.path("retrievals.csv"), "--reports", shared], directory: directory.path)
        #expect(open.status == 2)
        #expect(open.stderr.contains("chmod go-w"))
        #expect(try mode(shared) == 0o777)

        chmod(shared, 0o755)
        try FileManager.default.createSymbolicLink(atPath: directory.file("link"), withDestinationPath: shared)
        let linked = try await CLIProcess.run(
            ["run", Samples.path("retrievals.csv"), "--reports", directory.file("link")], directory: directory.path)
        #expect(linked.status == 2)
        #expect(linked.stderr.contains("symbolic link"))
        #expect(try mode(shared) == 0o755)
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared).isEmpty)
        let status = try await CLIProcess.run(
            ["status", "retrievals", "--reports", directory.file("link")], directory: directory.path)
        #expect(status.status == 2)
        #expect(status.stderr.contains("symbolic link"))
    }

    @Test func plantedLinksInARunFolderAreNeverFollowed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let victim = try directory.write("victim.txt", "keep me\n")
        chmod(victim, 0o644)
        let run = directory.file("reports/retrievals")
        try SecureFile.createDirectory(run)
        for name in ["outcomes.csv", "outcomes.csv.partial", "failures.csv.partial", "summary.json.partial"] {
            try FileManager.default.createSymbolicLink(
                atPath: (run as NSString).appendingPathComponent(name), withDestinationPath: victim)
        }
        let result = try await CLIProcess.run(
            ["run", Samples.path("retrievals.csv"), "--reports", directory.file("reports")], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n")
        #expect(try mode(victim) == 0o644)
        let outcomes = (run as NSString).appendingPathComponent("outcomes.csv")
        #expect(try FileManager.default.attributesOfItem(atPath: outcomes)[.type] as? FileAttributeType == .typeRegular)

        // A ledger replaced by a link is refused, and the link's target is not chmod'ed.
        let ledger = (run as NSString).appendingPathComponent("ledger.sqlite")
        try FileManager.default.removeItem(atPath: ledger)
        try FileManager.default.createSymbolicLink(atPath: ledger, withDestinationPath: victim)
        let linked = try await CLIProcess.run(
            ["status", "retrievals", "--reports", directory.file("reports")], directory: directory.path)
        #expect(linked.status == 2, "\(linked.stderr)")
        #expect(linked.stderr.contains("symbolic link"))
        #expect(try mode(victim) == 0o644)
    }

    @Test func anEndpointWithAPasswordOrQueryIsRefusedAndNeverPrinted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for endpoint in ["https://ops:hunter2@api.example.com", "https://api.example.com/?key=hunter2"] {
            let result = try await CLIProcess.run(
                [
                    "run", Samples.path("retrievals.csv"), "--reports", directory.file("reports"), "--endpoint",
                    endpoint,
                ],
                directory: directory.path, environment: simulatorEnvironment())
            #expect(result.status == 2)
            #expect(!result.stderr.contains("hunter2"))
            #expect(!result.stdout.contains("hunter2"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("reports/retrievals/ledger.sqlite")))
    }

    @Test func aLinkPlantedAtInvalidRowsCsvIsReplacedNotFollowed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let victim = try directory.write("victim.txt", "keep me\n")
        #expect(
            try await CLIProcess.run(
                ["validate", Samples.path("with-errors.csv"), "--reports", reports], directory: directory.path
            ).status == 1)
        let planted = reports + "/with-errors/invalid-rows.csv"
        try FileManager.default.removeItem(atPath: planted)
        try FileManager.default.createSymbolicLink(atPath: planted, withDestinationPath: victim)
        let again = try await CLIProcess.run(
            ["validate", Samples.path("with-errors.csv"), "--reports", reports], directory: directory.path)
        #expect(again.status == 1, "\(again.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n")
        let type = try FileManager.default.attributesOfItem(atPath: planted)[.type] as? FileAttributeType
        #expect(type == .typeRegular)
    }

    @Test func downloadRefusesALinkedTargetFolder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let run = try await sandboxRun("retrievals.csv", reports: reports, in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        try FileManager.default.createSymbolicLink(atPath: directory.file("to"), withDestinationPath: "/tmp")
        let download = try await CLIProcess.run(
            ["download", "retrievals", "--reports", reports, "--to", directory.file("to")], directory: directory.path)
        #expect(download.status == 2, "\(download.stderr)")
        #expect(download.stderr.contains("symbolic link"))
    }

    @Test func runsSkipsALinkedRunFolderAndWritesNothingThere() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let run = try await sandboxRun("deletions.csv", reports: reports, in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        // Another run's folder, moved out of the reports and linked back in.
        try FileManager.default.moveItem(atPath: reports + "/deletions", toPath: directory.file("elsewhere"))
        try FileManager.default.createSymbolicLink(
            atPath: reports + "/deletions", withDestinationPath: directory.file("elsewhere"))
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.file("elsewhere")).sorted()
        let runs = try await CLIProcess.run(["runs", "--reports", reports], directory: directory.path)
        #expect(runs.status == 0, "\(runs.stderr)")
        #expect(runs.stderr.contains("skipped deletions") && runs.stderr.contains("symbolic link"), "\(runs.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("elsewhere")).sorted() == before)
    }

    @Test func aSecondSandboxCommandIsRefusedWhileTheSandboxIsInUse() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sandbox = directory.file("reports/.sandbox")
        try SecureFile.createDirectory(sandbox)
        var configuration = SimulatorConfiguration()
        configuration.stateFile = (sandbox as NSString).appendingPathComponent("simulator.sqlite")
        let holder = try PrivacyAPISimulator(configuration: configuration)
        let result = try await CLIProcess.run(
            ["run", Samples.path("retrievals.csv"), "--reports", directory.file("reports")], directory: directory.path)
        withExtendedLifetime(holder) {}
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("in use by another simulator"))
    }

    @Test func debugLoggingShowsNoSecret() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIProcess.run(
            ["run", Samples.path("retrievals.csv"), "--reports", directory.file("reports"), "--wait"],
            directory: directory.path, environment: ["LOG_LEVEL": "debug"])
        // One sample retrieval fails by design (unknown shopper), hence 1.
        #expect(result.status == 1, "\(result.stderr)")
        let output = result.stdout + result.stderr
        #expect(output.contains("debug") && output.contains("Starting service"))
        #expect(!output.contains(SimulatorCredentials.sandbox.clientSecret))
        #expect(!output.contains("keyBytes"))
    }
}
