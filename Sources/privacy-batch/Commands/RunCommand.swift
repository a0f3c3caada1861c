import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchCore
import PrivacyBatchLedger

/// `privacy-batch run FILE`: the main job — validate, submit, record, report; rerun to resume.
struct RunCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Submit every valid row of a request file; rerun the same command to resume.",
        discussion: """
            Without --endpoint or BWP_ENDPOINT this runs against the embedded sandbox simulator. \
            Against a real endpoint, credentials come from BWP_CLIENT_ID/BWP_CLIENT_SECRET (or \
            BWP_ACCESS_TOKEN), BWP_TARGET_ID and BWP_API_VERSION, and deletions need --yes or a typed \
            confirmation.

            Examples:
              privacy-batch run shoppers.csv --dry-run      # plan only; sends nothing
              privacy-batch run shoppers.csv                # Ctrl-C or crash? run it again
              privacy-batch run shoppers.csv --wait         # then follow every task
              privacy-batch run shoppers.csv --json -q --yes    # cron: one JSON document
            """
    )

    @Argument(help: "The request CSV file.")
    var file: String

    @OptionGroup var endpointOptions: EndpointOptions
    @OptionGroup var rowDefaults: RowDefaultsOptions
    @OptionGroup var deadlines: DeadlineOptions
    @OptionGroup var retention: RetentionOptions
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Run name (default: the file's base name). The same name resumes the run.")
    var run: String?

    @Flag(help: "Start a fresh run under a new name instead of resuming.")
    var newRun = false

    @Flag(help: "Validate and plan only: print counts and the estimated duration, send nothing.")
    var dryRun = false

    @Flag(help: "Do not ask for confirmation before deletions against a real endpoint.")
    var yes = false

    @Flag(help: "After submitting, follow the tasks until every one is final (as 'status --watch').")
    var wait = false

    @Flag(help: "Send requests again whose earlier task (in any run under --reports) COMPLETED.")
    var allowRepeat = false

    @Option(
        name: .customLong("keep-column"),
        help: ArgumentHelp(
            "A column (header name) a minimised row keeps as it was, e.g. a ticket id; repeat for more. Recorded with the run.",
            valueName: "header"))
    var keepColumns: [String] = []

    func run() async throws {
        let endpoint = try endpointOptions.resolved()
        // Credentials are checked before the ledger is touched, so a typo costs nothing.
        var api: APIConfiguration?
        if let endpoint {
            api = try APIConfiguration.fromEnvironment(ProcessInfo.processInfo.environment, endpoint: endpoint)
        }
        var planned = BatchRun.Request(
            inputPath: file,
            reports: reportsOptions.reports,
            name: run,
            newRun: newRun,
            defaults: rowDefaults.defaults,
            endpoint: endpoint?.baseURL,
            reading: rowDefaults.reading,
            targetID: api?.targetID,
            allowRepeat: allowRepeat,
            keyring: RecordKeyring(reports: reportsOptions.reports)
        )
        planned.retainPII = retention.retainPII?.value
        planned.retainPIIMax = retention.retainPIIMax?.value
        planned.keepColumns = keepColumns
        planned.deadline = deadlines.deadline?.rule
        planned.processingDays = deadlines.processingDays
        planned.toolVersion = PrivacyBatchVersion.current
        let request = planned
        let mapping = try ColumnMappingPrinter.lines(file: file, options: rowDefaults)
        if dryRun {
            let plan = try await BatchRun.dryRun(request)
            let target = endpoint.map { "the API at \($0)" } ?? "the embedded sandbox (no real shopper is touched)"
            printPlan(plan, heading: "dry run against \(target) (nothing sent)", mapping: mapping)
            let folder = RunFolder(reports: reportsOptions.reports, name: plan.runName)
            var document = CommandDocument(command: "run --dry-run")
            document.run = .init(name: folder.name, folder: folder.path, endpoint: endpoint?.baseURL ?? "sandbox")
            document.details = Self.planDetails(plan)
            try document.finish()
            return
        }
        // Confirmed from the plan alone, so a declined or impossible confirmation creates nothing.
        if let endpoint, !yes { try await confirm(try BatchRun.dryRun(request), endpoint: endpoint) }
        // The sandbox run is prepared first, so a bad file stops before the simulator starts; a real endpoint is
        // reached first (its token endpoint), so a mistyped one creates no run.
        let sandboxBatch: BatchRun? = endpoint == nil ? try await BatchRun.prepare(request) : nil
        let settings = submission.settings
        let stop = StopSignal()
        let trap = await SignalTrap(stop: stop)
        defer { withExtendedLifetime(trap) {} }
        let document = try await APISession.with(
            endpoint: endpoint,
            reports: reportsOptions.reports,
            concurrency: settings.concurrency
        ) { session in
            try await submit(
                session, prepared: sandboxBatch, request: request, mapping: mapping, settings: settings, stop: stop)
        }
        request.keyring.printNotes()
        try document.finish()
    }

    /// Reaches the endpoint, prepares the run (unless the sandbox's is prepared already), submits, reports;
    /// returns the `--json` document, its exit code set.
    private func submit(
        _ session: APISession.Context,
        prepared: BatchRun?,
        request: BatchRun.Request,
        mapping: [String],
        settings: SubmissionSettings,
        stop: StopSignal
    ) async throws -> CommandDocument {
        try await Self.checkReachable(session.client)
        let batch: BatchRun
        if let prepared { batch = prepared } else { batch = try await BatchRun.prepare(request) }
        for note in batch.audit?.notes ?? [] { Console.note(note) }
        let verb = batch.isResume ? "resuming" : "starting"
        Console.note("\(verb) run '\(batch.folder.name)' against \(session.endpointLabel)")
        printPlan(batch.plan, heading: "plan", mapping: mapping)
        // One caller, so one pacer, for the submission and the --wait that follows it.
        let caller = RetryingCaller(settings: settings, stop: stop)
        let progress = ProgressLine(total: batch.plan.toSend, limiter: caller.limiter)
        let executed = try await batch.execute(api: session.client, settings: settings, stop: stop, caller: caller) {
            answers in await progress.record(answers)
        }
        await progress.finish()
        let tally: SubmissionEngine.Tally = executed.tally
        var counts: ReportWriter.Counts = executed.counts
        if wait && !stop.isStopped {
            let existing = ExistingRun(
                folder: batch.folder, ledger: batch.ledger, record: batch.record, audit: batch.audit)
            var tracker = TaskTracker(client: session.client, caller: caller, concurrency: settings.concurrency)
            tracker.audit = batch.audit
            try await StatusCommand.follow(existing, tracker: tracker, isSandbox: session.isSandbox, watch: true)
            try await batch.ledger.recordActivity(await caller.limiter.takeActivity())
            MinimisationPrinter.print(try await batch.minimise())
            counts = try await ReportWriter(folder: batch.folder).write(ledger: batch.ledger)
        }
        let sent: Int = tally.accepted + tally.rejected + tally.gaveUp
        Console.out(
            "sent \(sent) rows in \(tally.requests) requests: accepted \(tally.accepted), rejected \(tally.rejected), gave up \(tally.gaveUp)"
        )
        ReportPrinter.print(counts, folder: batch.folder)
        var document = CommandDocument(command: "run")
        document.describe(batch.folder, endpoint: batch.record.endpoint, counts: counts)
        document.exitCode = ExitStatus.forRun(counts)
        document.noteAuditHead(batch.audit)
        document.details = Self.planDetails(batch.plan).merging(
            [
                "requests": tally.requests, "accepted": tally.accepted, "rejected": tally.rejected,
                "gaveUp": tally.gaveUp,
            ],
            uniquingKeysWith: { _, new in new })
        let unsent: Int = counts[Outcome.notAttempted] + counts[Outcome.error]
        let resume = resumeCommand(name: batch.folder.name)
        if let reason = stop.reason {
            Console.note(reason.explanation)
            Console.note("resume with: \(resume)")
            document.exitCode = reason.exitCode
            document.message = reason.explanation
            document.workLeft = [resume]
        } else if unsent > 0 {
            Console.note("\(unsent) rows not sent yet: rerun the same command: \(resume)")
            document.workLeft = [resume]
        }
        return document
    }

    /// The plan's numbers as the `--json` document carries them.
    private static func planDetails(_ plan: RunPlan) -> [String: Int] {
        var details = [
            "rows": plan.rows, "toSend": plan.toSend, "notSendable": plan.notSendable,
            "alreadyAnswered": plan.alreadyAnswered, "alreadyRequested": plan.alreadyRequested,
        ]
        for type in RequestType.allCases { details["toSend.\(type.rawValue)"] = plan.toSendByType[type] ?? 0 }
        if let deadline = plan.deadline {
            details["deadline.dated"] = deadline.dated
            details["deadline.overdue"] = deadline.overdue
            details["deadline.atRisk"] = deadline.atRisk
        }
        return details
    }

    private func printPlan(_ plan: RunPlan, heading: String, mapping: [String]) {
        for line in mapping { Console.out(line) }
        let perType = RequestType.allCases.map { "\($0.rawValue) \(plan.toSendByType[$0] ?? 0)" }.joined(
            separator: ", ")
        Console.out(
            "\(heading): \(plan.rows) rows; to send: \(plan.toSend) (\(perType)); not sendable: \(plan.notSendable); already answered: \(plan.alreadyAnswered); already requested elsewhere: \(plan.alreadyRequested)"
        )
        Console.out(submission.estimate(plan))
        if let deadline = plan.deadline { Console.out(deadline.description) }
        Console.out("personal data: \(plan.retention.sentence)")
        ColumnMappingPrinter.printImmediateDeletions(plan.immediateDeletions)
    }

    /// Checks the credentials, which reaches the endpoint first: a host that does not resolve, refuses the
    /// connection or fails TLS is a configuration error, found before any run is created.
    private static func checkReachable(_ client: PrivacyAPIClient) async throws {
        let failure: APIFailure? = await client.credentialFailure()
        guard let failure else { return }
        guard failure.neverReachedAPI else { throw failure }
        throw ConfigurationError(
            failure.message + "; check --endpoint (or BWP_ENDPOINT). Nothing was sent and no run was created")
    }

    /// Against a real endpoint, deleting shoppers' data needs `--yes` or a typed confirmation.
    private func confirm(_ plan: RunPlan, endpoint: APIEndpoint) throws {
        let deletions = plan.toSendByType[.deletion] ?? 0
        guard deletions > 0, !yes else { return }
        guard Console.stdinIsTerminal else {
            throw ConfigurationError(
                "this run would request deletion of \(deletions) shoppers' personal data at \(endpoint) and there is no terminal to confirm it: add --yes"
            )
        }
        Console.note("This will request DELETION of \(deletions) shoppers' personal data at \(endpoint).")
        ColumnMappingPrinter.printImmediateDeletions(plan.immediateDeletions, toStandardError: true)
        Console.note("Type 'delete \(deletions)' to continue:")
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "delete \(deletions)" else {
            throw ConfigurationError("not confirmed; nothing was sent")
        }
    }

    /// The command that resumes this run: the same arguments, pinned to the run's name.
    private func resumeCommand(name: String) -> String {
        var arguments = Array(CommandLine.arguments.dropFirst()).filter { $0 != "--new-run" }
        if newRun { arguments += ["--run", name] }
        return "privacy-batch " + arguments.map(shellQuoted).joined(separator: " ")
    }
}
