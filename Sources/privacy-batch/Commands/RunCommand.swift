import ArgumentParser
import Foundation
import PrivacyBatch

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

    func run() async throws {
        let endpoint = try endpointOptions.resolved()
        let request = BatchRun.Request(
            inputPath: file,
            reports: reportsOptions.reports,
            name: run,
            newRun: newRun,
            defaults: rowDefaults.defaults,
            endpoint: endpoint?.baseURL,
            reading: rowDefaults.reading
        )
        let mapping = try ColumnMappingPrinter.lines(file: file, options: rowDefaults)
        if dryRun {
            let plan = try BatchRun.dryRun(request)
            let target = endpoint.map { "the API at \($0)" } ?? "the embedded sandbox (no real shopper is touched)"
            printPlan(plan, heading: "dry run against \(target) (nothing sent)", mapping: mapping)
            let folder = RunFolder(reports: reportsOptions.reports, name: run ?? RunFolder.defaultName(forInput: file))
            var document = CommandDocument(command: "run --dry-run")
            document.run = .init(name: folder.name, folder: folder.path, endpoint: endpoint?.baseURL ?? "sandbox")
            document.details = Self.planDetails(plan)
            try document.finish()
            return
        }
        if let endpoint {
            // Credentials are checked before the ledger is touched, so a typo costs nothing.
            _ = try APIConfiguration.fromEnvironment(ProcessInfo.processInfo.environment, endpoint: endpoint)
        }
        let batch = try BatchRun.prepare(request)
        if let endpoint { try confirm(batch.plan, endpoint: endpoint) }
        let settings = submission.settings
        let stop = StopSignal()
        let trap = await SignalTrap(stop: stop)
        defer { withExtendedLifetime(trap) {} }

        let (tally, counts) = try await APISession.with(
            endpoint: endpoint,
            reports: reportsOptions.reports,
            concurrency: settings.concurrency
        ) { session in
            Console.note(
                (batch.isResume ? "resuming" : "starting")
                    + " run '\(batch.folder.name)' against \(session.endpointLabel)"
            )
            printPlan(batch.plan, heading: "plan", mapping: mapping)
            try await session.client.checkCredentials()
            // One caller, so one pacer, for the submission and the --wait that follows it.
            let caller = RetryingCaller(settings: settings, stop: stop)
            let progress = ProgressLine(total: batch.plan.toSend, limiter: caller.limiter)
            var result = try await batch.execute(api: session.client, settings: settings, stop: stop, caller: caller) {
                answers in await progress.record(answers)
            }
            await progress.finish()
            if wait && !stop.isStopped {
                let existing = ExistingRun(folder: batch.folder, ledger: batch.ledger, record: batch.record)
                let tracker = TaskTracker(client: session.client, caller: caller, concurrency: settings.concurrency)
                try await StatusCommand.follow(existing, tracker: tracker, isSandbox: session.isSandbox, watch: true)
                result.counts = try ReportWriter(folder: batch.folder).write(ledger: batch.ledger)
            }
            return result
        }
        Console.out(
            "sent \(tally.accepted + tally.rejected + tally.gaveUp) rows in \(tally.requests) requests: accepted \(tally.accepted), rejected \(tally.rejected), gave up \(tally.gaveUp)"
        )
        ReportPrinter.print(counts, folder: batch.folder)
        var document = CommandDocument(command: "run")
        document.describe(batch.folder, endpoint: batch.record.endpoint, counts: counts)
        document.exitCode = ExitStatus.forRun(counts)
        document.details = Self.planDetails(batch.plan).merging(
            [
                "requests": tally.requests, "accepted": tally.accepted, "rejected": tally.rejected,
                "gaveUp": tally.gaveUp,
            ],
            uniquingKeysWith: { _, new in new })
        let unsent = counts[.notAttempted] + counts[.error]
        if let reason = stop.reason {
            Console.note(reason.explanation)
            Console.note("resume with: \(resumeCommand(name: batch.folder.name))")
            document.exitCode = reason.exitCode
            document.message = reason.explanation
            document.workLeft = [resumeCommand(name: batch.folder.name)]
        } else if unsent > 0 {
            Console.note("\(unsent) rows are not sent yet; resume with: \(resumeCommand(name: batch.folder.name))")
            document.workLeft = [resumeCommand(name: batch.folder.name)]
        }
        try document.finish()
    }

    /// The plan's numbers as the `--json` document carries them.
    private static func planDetails(_ plan: RunPlan) -> [String: Int] {
        var details = [
            "rows": plan.rows, "toSend": plan.toSend, "notSendable": plan.notSendable,
            "alreadyAnswered": plan.alreadyAnswered,
        ]
        for type in RequestType.allCases { details["toSend.\(type.rawValue)"] = plan.toSendByType[type] ?? 0 }
        return details
    }

    private func printPlan(_ plan: RunPlan, heading: String, mapping: [String]) {
        for line in mapping { Console.out(line) }
        let perType = RequestType.allCases.map { "\($0.rawValue) \(plan.toSendByType[$0] ?? 0)" }.joined(
            separator: ", ")
        Console.out(
            "\(heading): \(plan.rows) rows; to send: \(plan.toSend) (\(perType)); not sendable: \(plan.notSendable); already answered: \(plan.alreadyAnswered)"
        )
        Console.out(submission.estimate(plan))
        ColumnMappingPrinter.printImmediateDeletions(plan.immediateDeletions)
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
