import ArgumentParser
import Foundation
import PrivacyBatch

/// `privacy-batch run FILE`: the main job — validate, submit, record, report; rerun to resume.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Submit every valid row of a request file; rerun the same command to resume.",
        discussion: """
            Without --endpoint or BWP_ENDPOINT this runs against the embedded sandbox simulator.
            Against a real endpoint, credentials come from BWP_CLIENT_ID/BWP_CLIENT_SECRET (or BWP_ACCESS_TOKEN),
            BWP_TARGET_ID and BWP_API_VERSION, and deletions need --yes or a typed confirmation.
            """
    )

    @Argument(help: "The request CSV file.")
    var file: String

    @OptionGroup var endpointOptions: EndpointOptions
    @OptionGroup var rowDefaults: RowDefaultsOptions
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var reportsOptions: ReportsOptions

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

    func run() async throws {
        let endpoint = try endpointOptions.resolved()
        // Credentials are checked before the ledger is touched, so a typo costs nothing.
        var api: APIConfiguration?
        if let endpoint {
            api = try APIConfiguration.fromEnvironment(ProcessInfo.processInfo.environment, endpoint: endpoint)
        }
        let request = BatchRun.Request(
            inputPath: file,
            reports: reportsOptions.reports,
            name: run,
            newRun: newRun,
            defaults: rowDefaults.defaults,
            endpoint: endpoint?.baseURL,
            targetID: api?.targetID,
            allowRepeat: allowRepeat
        )
        if dryRun {
            let plan = try BatchRun.dryRun(request)
            printPlan(plan, heading: "dry run (nothing sent)")
            return
        }
        // Confirmed from the plan alone, so a declined or impossible confirmation creates nothing.
        if let endpoint, !yes { try confirm(try BatchRun.dryRun(request), endpoint: endpoint) }
        // The sandbox run is prepared first, so a bad file stops before the simulator starts; a real endpoint is
        // reached first (its token endpoint), so a mistyped one creates no run.
        let sandboxBatch: BatchRun?
        if endpoint == nil {
            sandboxBatch = try BatchRun.prepare(request)
        } else {
            sandboxBatch = nil
        }
        let settings = submission.settings
        let stop = StopSignal()
        let trap = SignalTrap(stop: stop)
        defer { withExtendedLifetime(trap) {} }
        try await APISession.with(
            endpoint: endpoint,
            reports: reportsOptions.reports,
            concurrency: settings.concurrency
        ) { session in
            try await submit(session, prepared: sandboxBatch, request: request, settings: settings, stop: stop)
        }
    }

    /// Reaches the endpoint, prepares the run (unless the sandbox's is prepared already), submits, reports.
    private func submit(
        _ session: APISession.Context,
        prepared: BatchRun?,
        request: BatchRun.Request,
        settings: SubmissionSettings,
        stop: StopSignal
    ) async throws {
        try await Self.checkReachable(session.client)
        let batch: BatchRun = try prepared ?? BatchRun.prepare(request)
        let verb = batch.isResume ? "resuming" : "starting"
        Console.note("\(verb) run '\(batch.folder.name)' against \(session.endpointLabel)")
        printPlan(batch.plan, heading: "plan")
        let progress = ProgressLine(total: batch.plan.toSend)
        let executed = try await batch.execute(api: session.client, settings: settings, stop: stop) { answers in
            await progress.record(answers)
        }
        await progress.finish()
        let tally: SubmissionEngine.Tally = executed.tally
        var counts: ReportWriter.Counts = executed.counts
        if wait && !stop.isStopped {
            let existing = ExistingRun(folder: batch.folder, ledger: batch.ledger, record: batch.record)
            let caller = RetryingCaller(settings: settings, stop: stop)
            let tracker = TaskTracker(client: session.client, caller: caller, concurrency: settings.concurrency)
            try await StatusCommand.follow(existing, tracker: tracker, isSandbox: session.isSandbox, watch: true)
            counts = try ReportWriter(folder: batch.folder).write(ledger: batch.ledger)
        }
        let sent: Int = tally.accepted + tally.rejected + tally.gaveUp
        Console.out(
            "sent \(sent) rows in \(tally.requests) requests: accepted \(tally.accepted), rejected \(tally.rejected), gave up \(tally.gaveUp)"
        )
        ReportPrinter.print(counts, folder: batch.folder)
        if let reason = stop.reason {
            Console.note(reason.explanation)
            Console.note("resume with: \(resumeCommand(name: batch.folder.name))")
            throw ExitCode(reason.exitCode)
        }
        let unsent: Int = counts[Outcome.notAttempted] + counts[Outcome.error]
        if unsent > 0 {
            let resume = resumeCommand(name: batch.folder.name)
            Console.note("\(unsent) rows not sent yet: rerun the same command: \(resume)")
        }
        let problemOutcomes: [Outcome] = [.invalid, .duplicate, .rejected, .failed, .error, .notAttempted]
        let problems: Int = problemOutcomes.map { counts[$0] }.reduce(0, +)
        if problems > 0 { throw ExitCode(ExitStatus.rowProblems) }
    }

    private func printPlan(_ plan: RunPlan, heading: String) {
        let perType = RequestType.allCases.map { "\($0.rawValue) \(plan.toSendByType[$0] ?? 0)" }.joined(
            separator: ", ")
        Console.out(
            "\(heading): \(plan.rows) rows; to send: \(plan.toSend) (\(perType)); not sendable: \(plan.notSendable); already answered: \(plan.alreadyAnswered); already requested elsewhere: \(plan.alreadyRequested)"
        )
        Console.out(
            "estimated time at \(submission.rate)/s: \(formatDuration(plan.estimatedSeconds(rate: submission.rate)))"
        )
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

/// Quotes an argument for a POSIX shell when it needs it.
func shellQuoted(_ argument: String) -> String {
    let safe = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0) }
    return safe && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
