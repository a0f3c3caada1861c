import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchCore
import PrivacyBatchLedger
import Synchronization

/// `privacy-batch follow-up [RUN…]`: one pass that does what is due in every run, then tells a person what needs
/// them. Built for cron or a systemd timer.
struct FollowUpCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "follow-up",
        abstract: "Do what is due now in every run (or those named), then print what needs a person.",
        discussion: """
            One pass: queries the open tasks whose next check is due, downloads the archives of completed \
            retrievals, sends open-order failures (ORDERS_NOT_CLOSED) again after --reopen-after until they \
            succeed or --give-up-after has passed since the first attempt, and rewrites the reports of the runs \
            it changed. Nothing due means no request at all. A run another process holds is skipped with a note; \
            one that cannot be opened or reached is reported, and the others go on.

            The digest comes last: rows that need a person (each told once; later digests count them as \
            waiting), overdue and at-risk requests, archives to hand over, runs that could not be followed. \
            Exit 0 when nothing new needs a person, 1 when something does.

            Examples:
              privacy-batch follow-up                      # every run under reports/
              privacy-batch follow-up q3-deletions --watch # until nothing is left to do
              17 * * * * privacy-batch follow-up --quiet --reports /srv/privacy/reports   # crontab
            """
    )

    @Argument(help: "Runs to follow (names under --reports, or folders); default: every run.")
    var runs: [String] = []

    @Flag(help: "Keep going until nothing is left to do, sleeping until the next thing is due.")
    var watch = false

    @Option(help: "Send an open-order failure again this long after it was seen (e.g. 7d, 12h, 30s).")
    var reopenAfter = DurationArgument(PolicyDuration(seconds: FollowUpPolicy.defaultReopenAfter))

    @Option(help: "Give an open-order failure up this long after its first attempt (e.g. 90d).")
    var giveUpAfter = DurationArgument(PolicyDuration(seconds: FollowUpPolicy.defaultGiveUpAfter))

    @Option(help: "Delete an archive this long after its download, once it was handed over (e.g. 30d).")
    var keepArchives = DurationArgument(PolicyDuration(seconds: FollowUpPolicy.defaultKeepArchives))

    @OptionGroup var archiveOptions: ArchiveOptions
    @OptionGroup var retention: RetentionOptions
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard giveUpAfter.seconds >= reopenAfter.seconds else {
            throw ValidationError("--give-up-after must not be shorter than --reopen-after")
        }
    }

    func run() async throws {
        let stop = StopSignal()
        let trap = await SignalTrap(stop: stop)
        defer { withExtendedLifetime(trap) {} }
        let reports = reportsOptions.reports
        var policy = FollowUpPolicy(
            reopenAfter: reopenAfter.seconds, giveUpAfter: giveUpAfter.seconds, keepArchives: keepArchives.seconds)
        policy.recipients = try archiveOptions.recipients()
        policy.plaintextArchives = archiveOptions.plaintextArchives
        policy.retainPII = retention.retainPII?.value
        policy.retainPIIMax = retention.retainPIIMax?.value
        let keyring = RecordKeyring(reports: reports)
        let pass = FollowUpPass(
            reports: reports,
            runs: runs.isEmpty ? nil : runs,
            policy: policy,
            settings: submission.settings,
            keyring: keyring
        )
        // Named runs must exist before anything is done: a typo is a usage error, not an empty digest.
        _ = try pass.folders()
        let requests = RequestCount()
        let session = Self.session(reports: reports, settings: submission.settings, stop: stop, requests: requests)
        var digests: [RunDigest] = []
        var told = false
        while true {
            digests = try await pass.run(session: session, stop: stop)
            told = told || digests.contains(where: \.needsAPerson)
            for digest in digests {
                for note in digest.auditNotes { Console.note("\(digest.run): \(note)") }
                if let head = digest.auditHead { Console.out("\(digest.run): \(head)") }
            }
            for digest in digests where !(digest.tally?.isEmpty ?? true) {
                Console.note(DigestPrinter.passLine(digest))
            }
            guard watch, !stop.isStopped, let next = digests.compactMap(\.nextWakeUp).min() else { break }
            // A watch tells each round's news as it comes; the full digest ends the command.
            DigestPrinter.printNews(digests)
            await pass.recordTold(digests)
            Console.note("next wake-up: \(Timestamp.string(next))")
            let wait = max(0.2, next.timeIntervalSinceNow)
            if !(await stop.sleep(until: .now + .milliseconds(Int64(wait * 1000)))) { break }
        }
        DigestPrinter.print(digests)
        keyring.printNotes()
        var document = CommandDocument(command: "follow-up")
        document.followUp = digests.map(CommandDocument.RunDigestSection.init)
        document.details = ["requests": requests.total]
        document.exitCode = told ? ExitStatus.rowProblems : ExitStatus.success
        if let reason = stop.reason {
            Console.note(reason.explanation)
            document.exitCode = reason.exitCode
            document.message = reason.explanation
        }
        // Told once the digest is out: a pass killed before it printed tells again next time.
        Console.document(document)
        await pass.recordTold(digests)
        if document.exitCode != ExitStatus.success { throw ExitCode(document.exitCode) }
    }

    /// A session per endpoint: the sandbox, or a real endpoint with the credentials of the environment, checked
    /// before any work. One retrying caller, so one pacer, for all the runs of the endpoint.
    /// `requests` counts what the sessions' pacers sent.
    static func session(
        reports: String, settings: SubmissionSettings, stop: StopSignal, requests: RequestCount
    ) -> FollowUpPass.Session {
        { endpoint, body in
            let parsed = try endpoint.map { try APIEndpoint($0) }
            try await APISession.with(endpoint: parsed, reports: reports, concurrency: settings.concurrency) {
                session in
                try await session.client.checkCredentials()
                let caller = RetryingCaller(settings: settings, stop: stop)
                let tracker = TaskTracker(client: session.client, caller: caller, concurrency: settings.concurrency)
                try await body(tracker)
                requests.add(await caller.limiter.summary().requests)
            }
        }
    }
}

/// Requests the pass's sessions sent, for `--json` (`details.requests`).
final class RequestCount: Sendable {
    private let count = Mutex(0)

    /// Adds `requests`.
    func add(_ requests: Int) {
        count.withLock { $0 += requests }
    }

    /// All requests so far.
    var total: Int { count.withLock { $0 } }
}
