import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchCore
import TestSupport
import Testing

/// Export-shaped files (samples/) run against the real simulator: each column mapped right, checked by
/// the types and holding periods the simulator actually received, or refused naming the cause.
@Suite struct SpreadsheetExportTests {
    /// What a sample's rows must become on the simulator: email → (kind, holding period of a deletion).
    struct Expectation: Sendable {
        var sample: String
        var defaults: ValidationDefaults
        var sent: [String: (kind: String, hold: Int?)]
    }

    static let expectations: [Expectation] = [
        // The flags meet columns: the cells win, the flags fill only empty cells (Edsger's holding period).
        Expectation(
            sample: "storefront-export.csv", defaults: ValidationDefaults(type: .retrieval, holdingPeriod: 30),
            sent: [
                "ada.lovelace@example.com": ("deletion", 14), "alan.turing@example.com": ("deletion", 7),
                "grace.hopper@example.com": ("retrieval", nil), "edsger.dijkstra@example.com": ("deletion", 30),
                "barbara.liskov@example.com": ("retrieval", nil), "donald.knuth@example.com": ("deletion", 0),
            ]),
        Expectation(
            sample: "eu-export-semicolon.csv", defaults: ValidationDefaults(),
            sent: [
                "margaret.hamilton@example.com": ("deletion", 30), "katherine.johnson@example.com": ("retrieval", nil),
                "john.backus@example.com": ("deletion", 10), "frances.allen@example.com": ("deletion", 5),
            ]),
        Expectation(
            sample: "unicode-text-utf16.txt", defaults: ValidationDefaults(),
            sent: [
                "radia.perlman@example.com": ("deletion", 21), "leslie.lamport@example.com": ("retrieval", nil),
                "niklaus.wirth@example.com": ("deletion", 10),
            ]),
    ]

    /// Each deletion must be on hold half a simulated day before its holding period ends and off hold half
    /// a day after: a holding period read wrong (or replaced by the default of 10) fails one of the two.
    @Test(arguments: expectations.indices)
    func samplesSendTheTypesAndHoldingPeriodsOfTheirCells(index: Int) async throws {
        let expectation = Self.expectations[index]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, clock) = manuallyClockedSimulator()
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let batch = try await BatchRun.prepare(
                BatchRun.Request(
                    inputPath: Samples.path(expectation.sample), reports: directory.path,
                    defaults: expectation.defaults, endpoint: baseURL))
            let (tally, _) = try await batch.execute(
                api: client, settings: SubmissionSettings(rate: 500, burst: 50, concurrency: 4), stop: StopSignal())
            #expect(tally.accepted == expectation.sent.count)

            let tasks = try await SimulatorHarness.tasks(baseURL: baseURL)
            #expect(
                Dictionary(uniqueKeysWithValues: tasks.map { ($0.email, $0.kind.lowercased()) })
                    == expectation.sent.mapValues(\.kind))

            var elapsed = 0.0
            let checks = Set(
                expectation.sent.values.compactMap(\.hold).flatMap { [Double($0) - 0.5, Double($0) + 0.5] })
            for time in checks.sorted() where time > 0 {
                clock.advance(by: time - elapsed)
                elapsed = time
                let status = Dictionary(
                    uniqueKeysWithValues: try await SimulatorHarness.tasks(baseURL: baseURL).map {
                        ($0.email, $0.status)
                    })
                for (email, sent) in expectation.sent {
                    guard let hold = sent.hold else { continue }
                    let onHold = Double(hold) > time
                    #expect((status[email] == "ON_HOLD") == onHold, "\(email) at day \(time): \(status[email] ?? "-")")
                }
            }
        }
    }

    @Test func validatePrintsTheMappingBlankRowsAndImmediateDeletions() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIProcess.run(
            ["validate", Samples.path("storefront-export.csv"), "--reports", directory.file("reports")],
            directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        for line in [
            "columns (delimiter \",\", encoding utf-8):", "  \"Customer Email\" -> email",
            "  \"Request Type\" -> request_type", "  \"Holding Period (days)\" -> holding_period",
            "  \"Customer ID\" -> carried to the reports only",
            "  \"Accepts Email Marketing\" -> carried to the reports only",
            "validated \(Samples.path("storefront-export.csv")): 6 rows (and 2 blank rows, ignored)",
            "1 deletion has a holding period of 0: it starts at once and cannot be cancelled",
        ] {
            #expect(result.stdout.contains(line + "\n"), "missing \(line) in\n\(result.stdout)")
        }
    }

    @Test func dryRunSaysWhichFlagLosesAndCountsImmediateDeletions() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIProcess.run(
            [
                "run", Samples.path("storefront-export.csv"), "--dry-run", "--type", "retrieval",
                "--reports", directory.file("reports"),
            ],
            directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "note: column \"Request Type\" is the request_type; its cells win over --type retrieval"))
        #expect(result.stdout.contains("(deletion 4, retrieval 2)"))
        #expect(result.stdout.contains("1 deletion has a holding period of 0"))
    }

    /// The bug of the issue, as a new user met it: a holding period column the tool did not know.
    @Test func aColumnThatLooksLikeAHoldingPeriodStopsEveryCommandBeforeAnythingIsWritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = directory.file("export.csv")
        try "Email,Type,Hold For (days)\na@example.com,deletion,14\n".write(
            toFile: input, atomically: true, encoding: .utf8)
        for command in [["validate"], ["run", "--dry-run"], ["run"]] {
            let result = try await CLIProcess.run(
                command + [input, "--reports", directory.file("reports")], directory: directory.path)
            #expect(result.status == 2, "\(command): \(result.stdout) \(result.stderr)")
            #expect(result.stderr.contains("\"Hold For (days)\" looks like holding_period"))
            #expect(result.stderr.contains("--column holding_period='Hold For (days)'"))
            #expect(!FileManager.default.fileExists(atPath: directory.file("reports")))
        }
        let mapped = try await CLIProcess.run(
            ["validate", input, "--column", "holding_period=Hold For (days)", "--reports", directory.file("reports")],
            directory: directory.path)
        #expect(mapped.status == 0, "\(mapped.stderr)")
        #expect(mapped.stdout.contains("\"Hold For (days)\" -> holding_period (--column)"))
    }

    @Test func headerErrorsListTheColumnsAndTheDelimiter() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = directory.file("export.csv")
        try "Kontakt;Art\na@example.com;deletion\n".write(toFile: input, atomically: true, encoding: .utf8)
        let result = try await CLIProcess.run(["validate", input], directory: directory.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("Columns found (delimiter \";\"): \"Kontakt\", \"Art\""), "\(result.stderr)")
        let forced = try await CLIProcess.run(
            ["validate", input, "--delimiter", ",", "--column", "email=Kontakt;Art"], directory: directory.path)
        #expect(forced.status == 2)
        #expect(forced.stderr.contains("request_type"), "\(forced.stderr)")
    }

    /// A FIFO (as `<(cat f)` gives) or a device cannot be read twice: refused before anything is created.
    @Test func aPipeOrADeviceIsRefusedBeforeAnythingIsCreated() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = directory.file("pipe.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        for command in [["validate"], ["run", "--dry-run"], ["run"]] {
            let result = try await CLIProcess.run(
                command + [fifo, "--reports", directory.file("reports")], directory: directory.path)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("is not a regular file"))
            #expect(!FileManager.default.fileExists(atPath: directory.file("reports")))
        }
        let zero = try await CLIProcess.run(
            ["validate", "/dev/zero", "--reports", directory.file("reports")], directory: directory.path)
        #expect(zero.status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.file("reports")))
    }

    /// `--column`, `--delimiter` and `--encoding` shape the rows as much as `--type`: a rerun with other
    /// values is refused, and the same values resume.
    @Test func aRerunWithOtherReadingOptionsIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = directory.file("export.csv")
        try "Email;Type;Tage\na@example.com;deletion;3\n".write(toFile: input, atomically: true, encoding: .utf8)
        func prepare(_ reading: ReadingOptions) async throws {
            _ = try await BatchRun.prepare(
                BatchRun.Request(inputPath: input, reports: directory.path, endpoint: nil, reading: reading))
        }
        let first = ReadingOptions(delimiter: 0x3B, columns: [ColumnAssignment(role: .holdingPeriod, header: "Tage")])
        try await prepare(first)
        await #expect(throws: ConfigurationError.self) {
            try await prepare(ReadingOptions(delimiter: 0x3B, columns: [ColumnAssignment(role: nil, header: "Tage")]))
        }
        await #expect(throws: ConfigurationError.self) { try await prepare(ReadingOptions()) }
        try await prepare(first)
    }
}
