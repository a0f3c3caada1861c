import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchCore
import TestSupport
import Testing

/// Whatever the operator does next — fix and rerun, an overlapping file, a retry file, another endpoint — each
/// shopper request gets one task, and a deliberate resubmission of a failed one gets a new task.
@Suite struct OneTaskPerRequestTests {
    @Test func fixAndRerunSendsOnlyTheFixedRow() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let valid = (1...20).map { "shopper.\($0)@example.com,deletion,10" }
        let input = try directory.write(
            "weekly.csv",
            (["email,request_type,holding_period", "broken@,deletion,10"] + valid).joined(separator: "\n") + "\n")
        try await SimulatorHarness.withSimulator { baseURL, client in
            let (first, _, counts) = try await runBatch(
                input, reports: directory.path, baseURL: baseURL, client: client)
            #expect(counts[.submitted] == 20)
            #expect(counts[.invalid] == 1)
            let firstTasks = try Samples.readRecords(first.folder.outcomes).compactMap { $0["task_id"] }

            _ = try directory.write(
                "weekly.csv",
                (["email,request_type,holding_period", "fixed@example.com,deletion,10"] + valid).joined(separator: "\n")
                    + "\n")
            await #expect {
                try await BatchRun.prepare(
                    BatchRun.Request(inputPath: input, reports: directory.path, endpoint: baseURL))
            } throws: { error in
                (error as? ConfigurationError)?.message.contains("sends only the rows no run has requested yet") == true
            }
            let rerun = try await BatchRun.prepare(
                BatchRun.Request(inputPath: input, reports: directory.path, newRun: true, endpoint: baseURL))
            #expect(rerun.plan.toSend == 1)
            #expect(rerun.plan.alreadyRequested == 20)
            let (_, rerunCounts) = try await rerun.execute(
                api: client, settings: SubmissionSettings(rate: 500, burst: 50), stop: StopSignal())
            #expect(rerunCounts[.submitted] == 1)
            #expect(rerunCounts[.alreadyRequested] == 20)

            let perEmail = try await tasksPerEmail(baseURL)
            #expect(perEmail.count == 21)
            #expect(perEmail.values.allSatisfy { $0 == 1 })
            let outcomes = try Samples.readRecords(rerun.folder.outcomes)
            let held = outcomes.filter { $0["outcome"] == "ALREADY_REQUESTED" }
            #expect(held.compactMap { $0["task_id"] } == firstTasks.filter { !$0.isEmpty })
            #expect(held.allSatisfy { $0["error_message"]?.contains("run 'weekly'") == true })
        }
    }

    @Test func anOverlappingFileCreatesNoSecondTaskWhileTheFirstIsOnHold() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try GeneratedInput.write(to: directory.file("week-1.csv"), count: 10)
        // Next week's export: shoppers 6 to 15, the first five of them in other case and with another period.
        var text = "email,request_type,holding_period,ticket_id\n"
        for index in 6...15 { text += "Shopper.\(index)@EXAMPLE.com,deletion,30,W2-\(index)\n" }
        let second = try directory.write("week-2.csv", text)
        try await SimulatorHarness.withSimulator { baseURL, client in
            _ = try await runBatch(first, reports: directory.path, baseURL: baseURL, client: client)
            let (batch, tally, counts) = try await runBatch(
                second, reports: directory.path, baseURL: baseURL, client: client)
            #expect(tally.accepted == 5)
            #expect(counts[.alreadyRequested] == 5)
            #expect(batch.plan.alreadyRequested == 5)
            let perEmail = try await tasksPerEmail(baseURL)
            #expect(perEmail.count == 15)
            #expect(perEmail.values.allSatisfy { $0 == 1 })
        }
    }

    @Test func failedOpenOrderRequestsResubmitFromTheRetryFilesWithTheirExactCells() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reasons = ["- asked by phone", "=HYPERLINK(\"x\")", "+1 call", "@desk"]
        let emails = [
            "-open-orders.a@example.com", "open-orders.b@example.com", "open-orders.c@example.com",
            "open-orders.d@example.com",
        ]
        func file(_ name: String, prefix: String) throws -> String {
            var text = "email,request_type,holding_period,reason\n"
            for (email, reason) in zip(emails, reasons) {
                text += "\(prefix)\(email),deletion,0,\"\(reason.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
            }
            return try directory.write(name, text)
        }
        let sources = [try file("monday.csv", prefix: ""), try file("tuesday.csv", prefix: "t")]
        let (configuration, clock) = manuallyClockedSimulator()
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            var retryFiles: [String] = []
            for source in sources {
                let (batch, _, counts) = try await runBatch(
                    source, reports: directory.path, baseURL: baseURL, client: client)
                #expect(counts[.submitted] == 4)
                clock.advance(by: 2)
                let caller = RetryingCaller(settings: SubmissionSettings(rate: 500, burst: 50), stop: StopSignal())
                let tracker = TaskTracker(client: client, caller: caller, concurrency: 8)
                _ = try await tracker.refreshOpen(ledger: batch.ledger, schedule: nil)
                let reported = try await ReportWriter(folder: batch.folder).write(ledger: batch.ledger)
                #expect(reported.ordersNotClosed == 4)
                #expect(reported.failures == 4)
                let cells = try Samples.readCSV(batch.folder.ordersNotClosed)
                #expect(cells.dropFirst().map { $0[3] } == reasons)
                retryFiles.append(batch.folder.ordersNotClosed)
            }
            // Both runs' retry files, one after the other: each is a run of its own, named after its source.
            for (retry, name) in zip(retryFiles, ["monday-orders-not-closed", "tuesday-orders-not-closed"]) {
                let (batch, tally, _) = try await runBatch(
                    retry, reports: directory.path, baseURL: baseURL, client: client)
                #expect(batch.folder.name == name)
                #expect(tally.accepted == 4)
            }
            let tasks = try await SimulatorHarness.tasks(baseURL: baseURL)
            #expect(tasks.count == 16)
            for prefix in ["", "t"] {
                for (email, reason) in zip(emails, reasons) {
                    let mine = tasks.filter { $0.email == prefix + email }
                    #expect(mine.count == 2, "\(prefix + email)")
                    #expect(mine.allSatisfy { $0.reason == reason && $0.holdingPeriod == 0 })
                    #expect(Set(mine.compactMap(\.clientToken)).count == 2)
                }
            }
        }
    }

    @Test func aRunThatNeverReachedItsEndpointMovesToAnother() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("moved.csv"), count: 6)
        let settings = SubmissionSettings(rate: 500, burst: 50, concurrency: 2, maxAttempts: 2)
        let nowhere = "https://does-not-exist.invalid"
        do {
            let stuck = try await BatchRun.prepare(
                BatchRun.Request(inputPath: input, reports: directory.path, endpoint: nowhere))
            let (tally, _) = try await stuck.execute(api: UnreachableAPI(), settings: settings, stop: StopSignal())
            #expect(tally.accepted == 0)
            #expect(try await stuck.ledger.run()?.reachedEndpoint == false)
        }
        try await SimulatorHarness.withSimulator { baseURL, client in
            let (moved, movedTally, counts) = try await runBatch(
                input, reports: directory.path, baseURL: baseURL, client: client)
            #expect(moved.folder.name == "moved")
            #expect(movedTally.accepted == 6)
            #expect(counts[.submitted] == 6)
            #expect(try await moved.ledger.run()?.endpoint == baseURL)
            // Once it reached that endpoint, it is bound to it.
            await #expect {
                try await BatchRun.prepare(
                    BatchRun.Request(inputPath: input, reports: directory.path, endpoint: nowhere))
            } throws: { error in
                (error as? ConfigurationError)?.message.contains("was started against") == true
            }
        }
    }
}

extension OneTaskPerRequestTests {
    @Test func aRunWithRowsInFlightStaysBoundToItsEndpointEvenWithoutAnAnswer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("crashed.csv"), count: 4)
        let settings = SubmissionSettings(rate: 500, burst: 50, concurrency: 2, maxAttempts: 2)
        let first = "https://first.invalid"
        do {
            let stuck = try await BatchRun.prepare(
                BatchRun.Request(inputPath: input, reports: directory.path, endpoint: first))
            _ = try await stuck.execute(api: UnreachableAPI(), settings: settings, stop: StopSignal())
            #expect(try await stuck.ledger.run()?.reachedEndpoint == false)
            // A hard crash after row 2's request left, before any answer was flushed: it is SUBMITTING again.
            try await stuck.ledger.markSubmitting([2])
        }
        await #expect {
            try await BatchRun.prepare(BatchRun.Request(inputPath: input, reports: directory.path, endpoint: nil))
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("was started against") == true
        }
    }
}

extension OneTaskPerRequestTests {
    @Test func aRunFolderMadeAgainUnderItsNameNeverLendsItsRowsStatusToAnotherShopper() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let held = try directory.write("a.csv", "email,request_type,holding_period\nada@example.com,deletion,30\n")
        #expect(try await CLIProcess.run(["run", held, "--reports", reports], directory: directory.path).status == 0)
        // The folder is deleted and the name reused for another shopper, whose task then FAILS.
        try FileManager.default.removeItem(atPath: reports + "/a")
        let other = try directory.write(
            "b.csv", "email,request_type,holding_period\nnot-found.bob@example.com,deletion,0\n")
        let reused = try await CLIProcess.run(
            ["run", other, "--run", "a", "--wait", "--reports", reports], directory: directory.path)
        #expect(reused.status == 1, "\(reused.stderr)")
        // Ada's first task is still ON_HOLD: a third file asking for her again sends nothing.
        let again = try directory.write("c.csv", "email,request_type,holding_period\nada@example.com,deletion,30\n")
        let third = try await CLIProcess.run(["run", again, "--reports", reports], directory: directory.path)
        #expect(third.status == 0, "\(third.stderr)")
        let outcomes = try Samples.readRecords(reports + "/c/outcomes.csv")
        #expect(outcomes.map { $0["outcome"] } == ["ALREADY_REQUESTED"])
    }
}

extension OneTaskPerRequestTests {
    @Test func aMalformedLineFedBackFromFailuresCsvIsNeverSentWithCutOrPaddedCells() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let input = try directory.write(
            "shaky.csv",
            "email,request_type,holding_period,reason\nann@example.com,deletion,30,Asked by phone, ticket 9\n"
                + "bo@example.com,deletion\nok@example.com,deletion,30,fine\n")
        let first = try await CLIProcess.run(["run", input, "--reports", reports], directory: directory.path)
        #expect(first.status == 1, "\(first.stderr)")
        let retry = try await CLIProcess.run(
            ["run", reports + "/shaky/failures.csv", "--reports", reports], directory: directory.path)
        #expect(retry.status == 1, "\(retry.stderr)")
        let outcomes = try Samples.readRecords(reports + "/shaky-failures/outcomes.csv")
        #expect(outcomes.count == 2)
        #expect(outcomes.allSatisfy { $0["outcome"] == "INVALID" })
        #expect(outcomes.allSatisfy { ($0["email"] ?? "").contains("is malformed") })
    }
}

extension OneTaskPerRequestTests {
    @Test func aRunIsNotResumedForAnotherTargetId() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("business.csv"), count: 2)
        let endpoint = "https://api.example.invalid"
        func request(_ target: String) -> BatchRun.Request {
            BatchRun.Request(inputPath: input, reports: directory.path, endpoint: endpoint, targetID: target)
        }
        do { _ = try await BatchRun.prepare(request("business-one")) }
        #expect(try await BatchRun.prepare(request("business-one")).isResume)
        await #expect {
            try await BatchRun.prepare(request("business-two"))
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("another target id") == true
        }
    }
}

/// An API whose host never answers: every attempt fails before reaching it.
private struct UnreachableAPI: TaskStarting {
    func startTask(_ request: PrivacyRequest, clientToken: String) async throws(APIFailure) -> String {
        throw .unreachable(host: "does-not-exist.invalid", cause: "the host name does not resolve (DNS lookup failed)")
    }
}

extension OneTaskPerRequestTests {
    /// A retry file fed back with no flags means the requests the run sent: columns mapped with `--column`
    /// carry their role's name, columns the run did not read can no longer be read, flag values are written in.
    @Test func retryFilesMeanTheSameRequestsWithoutTheColumnFlags() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // `Kunde` is the email and `Notiz` the reason (by --column); `reason` is an old note the run was told to
        // ignore; `Email` is a second address, carried because `Kunde` was named the email column.
        let input = try directory.write(
            "export.csv",
            "Kunde,Email,Notiz,reason,request_type\n"
                + "open-orders.a@example.com,other.a@example.com,asked by phone,WRONG,deletion\n"
                + "open-orders.b@example.com,other.b@example.com,ticket 7,WRONG,deletion\n")
        let reading = ReadingOptions(columns: [
            ColumnAssignment(role: .email, header: "Kunde"), ColumnAssignment(role: .reason, header: "Notiz"),
            ColumnAssignment(role: nil, header: "reason"),
        ])
        let (configuration, clock) = manuallyClockedSimulator()
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let settings = SubmissionSettings(rate: 500, burst: 50, concurrency: 8)
            let batch = try await BatchRun.prepare(
                BatchRun.Request(
                    inputPath: input, reports: directory.path, defaults: ValidationDefaults(holdingPeriod: 0),
                    endpoint: baseURL, reading: reading))
            _ = try await batch.execute(api: client, settings: settings, stop: StopSignal())
            clock.advance(by: 2)
            let tracker = TaskTracker(
                client: client, caller: RetryingCaller(settings: settings, stop: StopSignal()), concurrency: 8)
            _ = try await tracker.refreshOpen(ledger: batch.ledger, schedule: nil)
            #expect(try await ReportWriter(folder: batch.folder).write(ledger: batch.ledger).ordersNotClosed == 2)
            let retry = try Samples.readCSV(batch.folder.ordersNotClosed)
            #expect(
                retry.first == [
                    "email", "column 2 (Email)", "reason", "column 4 (reason)", "request_type", "holding_period",
                ])
            #expect(retry.dropFirst().map { $0[2] } == ["asked by phone", "ticket 7"])

            // Fed back as it is, with no flag at all.
            let (again, tally, _) = try await runBatch(
                batch.folder.ordersNotClosed, reports: directory.path, baseURL: baseURL, client: client)
            #expect(again.folder.name == "export-orders-not-closed")
            #expect(tally.accepted == 2)
            let tasks = try await SimulatorHarness.tasks(baseURL: baseURL)
            for (email, reason) in [
                ("open-orders.a@example.com", "asked by phone"), ("open-orders.b@example.com", "ticket 7"),
            ] {
                let mine = tasks.filter { $0.email == email }
                #expect(mine.count == 2, "\(email)")
                #expect(mine.allSatisfy { $0.reason == reason && $0.holdingPeriod == 0 }, "\(email)")
            }
            #expect(!tasks.contains { $0.reason == "WRONG" || $0.email.hasPrefix("other.") })
        }
    }
}
