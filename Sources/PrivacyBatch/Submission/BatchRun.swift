import Foundation
import PrivacyBatchAPI
import PrivacyBatchCore
import PrivacyBatchLedger

/// One `privacy-batch run`: checks the input, opens or resumes the ledger, plans, submits, writes reports.
///
/// Everything that can refuse the run — a bad file, changed input, different flags, another endpoint —
/// is checked in ``prepare(_:)`` before any request is sent.
public struct BatchRun: Sendable {
    /// What the operator asked for.
    public struct Request: Sendable {
        /// The input CSV.
        public var inputPath: String
        /// The reports folder (`reports/` by default).
        public var reports: String
        /// The run's name; `nil` means the input's base name.
        public var name: String?
        /// Start afresh under a new name instead of resuming.
        public var newRun: Bool
        /// Defaults for the rows (`--type`, `--holding-period`, `--reason`).
        public var defaults: ValidationDefaults
        /// The API endpoint, or `nil` for the sandbox.
        public var endpoint: String?
        /// Delimiter, encoding and `--column` roles for reading the input.
        public var reading = ReadingOptions()
        /// The target id requests are sent for (`BWP_TARGET_ID`), or `nil` for the sandbox.
        public var targetID: String?
        /// Send requests whose earlier task COMPLETED again (`--allow-repeat`).
        public var allowRepeat: Bool
        /// The legal deadline (`--deadline`); `nil` means GDPR's month when the file has received dates.
        public var deadline: DeadlineRule?
        /// Days the API may take after a deletion's holding period, for at-risk counts (`--processing-days`).
        public var processingDays = DeadlinePlan.defaultProcessingDays
        /// Where the record keys are that the rows' shoppers are hashed with.
        public var keyring: RecordKeyring
        /// How long rows keep their values (`--retain-pii`, `--retain-pii-max`); `nil` keeps what the run recorded,
        /// or the defaults for a new run.
        public var retainPII: PolicyDuration?
        /// How long rows that need a person keep their values at most; `nil` as for ``retainPII``.
        public var retainPIIMax: PolicyDuration?
        /// Columns a minimised row keeps as they were (`--keep-column`, header names).
        public var keepColumns: [String] = []
        /// The tool's version, which the audit log's `run-started` entry records.
        public var toolVersion = "unknown"

        /// Creates a request.
        public init(
            inputPath: String,
            reports: String = "reports",
            name: String? = nil,
            newRun: Bool = false,
            defaults: ValidationDefaults = .init(),
            endpoint: String?,
            reading: ReadingOptions = .init(),
            targetID: String? = nil,
            allowRepeat: Bool = false,
            keyring: RecordKeyring
        ) {
            self.keyring = keyring
            self.reading = reading
            self.inputPath = inputPath
            self.reports = reports
            self.name = name
            self.newRun = newRun
            self.defaults = defaults
            self.endpoint = endpoint
            self.targetID = targetID
            self.allowRepeat = allowRepeat
        }
    }

    /// The run's folder.
    public let folder: RunFolder
    /// The run's ledger.
    public let ledger: Ledger
    /// The run as the ledger records it.
    public let record: RunRecord
    /// What this invocation will send.
    public let plan: RunPlan
    /// Whether an earlier invocation had started this run.
    public let isResume: Bool
    /// The input as checked now (its SHA-256 matches the ledger's); the rest of the rows are read from here,
    /// not from the path the run was first started with, which may since hold another file.
    public let inputPath: String
    /// How the input is read (as given on this invocation's command line).
    let reading: ReadingOptions
    /// How the run consults the reports folder's request index.
    public let claims: RunClaims
    /// Keeps other processes off this run while it is worked on.
    let lock: RunLock
    /// The run's audit log; `nil` for a dry run, which changes nothing.
    public let audit: RunAudit?

    /// What a run would do, from the file and any existing ledger; creates and changes nothing.
    public static func dryRun(_ request: Request) async throws -> RunPlan {
        if let prepared = try await prepare(request, dryRun: true) { return prepared.plan }
        var plan = RunPlan()
        let base = request.name ?? RunFolder.defaultName(forInput: request.inputPath)
        plan.runName = request.newRun ? freshName(base: base, reports: request.reports) : base
        plan.retention = RetentionPolicy(
            finished: request.retainPII ?? RetentionPolicy.standard.finished,
            needingPerson: request.retainPIIMax ?? RetentionPolicy.standard.needingPerson)
        let name = request.newRun ? nil : base
        let claims = try RunClaims(
            index: existingIndex(reports: request.reports, keyring: request.keyring), run: name ?? "",
            scope: RequestScope(endpoint: request.endpoint, targetID: request.targetID),
            allowRepeat: request.allowRepeat)
        let reader = try RequestFileReader(
            path: request.inputPath, defaults: request.defaults, options: request.reading)
        plan.deadline = DeadlineCounts(request: request, mapping: reader.mapping)
        try await count(OffPoolRequestReader(reader), into: &plan, after: 0, claims: claims)
        try plan.deadline?.checkDates(path: request.inputPath)
        return plan
    }

    /// Checks everything and opens (or creates) the ledger, sending nothing.
    public static func prepare(_ request: Request) async throws -> BatchRun {
        guard let prepared = try await prepare(request, dryRun: false) else {
            throw ConfigurationError("internal: no run was prepared")
        }
        return prepared
    }

    /// With `dryRun`, returns `nil` instead of creating a ledger that does not exist yet.
    private static func prepare(_ request: Request, dryRun: Bool) async throws -> BatchRun? {
        // Opening the reader first makes every file-level problem stop the run before anything is written.
        let probe = try RequestFileReader(path: request.inputPath, defaults: request.defaults, options: request.reading)
        let header = probe.header
        let digest = try await FileDigest.sha256(ofFile: request.inputPath)
        var name = request.name ?? RunFolder.defaultName(forInput: request.inputPath)
        if request.newRun {
            name = freshName(base: name, reports: request.reports)
        }
        try RunFolder.checkName(name)
        let folder = RunFolder(reports: request.reports, name: name)
        try folder.checkIfPresent()
        let existing: RunRecord? = folder.hasLedger ? try await Ledger(path: folder.ledger).run() : nil
        if let existing {
            // Rows left SUBMITTING may have reached the old endpoint even when no answer said so (a hard crash
            // before the answers were flushed): such a run stays bound to its endpoint.
            let inFlight = try await Ledger(path: folder.ledger).stateCounts()[.submitting] ?? 0
            try checkResumable(existing, digest: digest, request: request, name: name, inFlight: inFlight)
            try request.reading.checkSame(asRecordedIn: folder, name: name)
        }
        if dryRun && existing == nil { return nil }
        if let existing { try checkDeadline(existing, request: request, name: name) }
        try SecureFile.createDirectory(request.reports)
        let index =
            dryRun
            ? try existingIndex(reports: request.reports, keyring: request.keyring)
            : try RequestIndex(reports: request.reports, keyring: request.keyring)
        let scope = RequestScope(endpoint: request.endpoint, targetID: request.targetID)
        let recordKey = try request.keyring.key(for: scope)
        let claims = RunClaims(
            index: index, run: name, scope: scope, allowRepeat: request.allowRepeat, recordKey: recordKey)
        let kept = try keptColumns(request, mapping: probe.mapping)
        // A new run reads its whole file before anything is created: a file refused for its dates leaves nothing
        // behind, and the rerun with a date format starts afresh.
        var counted: RunPlan?
        if existing == nil {
            var plan = RunPlan()
            let reader = try RequestFileReader(
                path: request.inputPath, defaults: request.defaults, options: request.reading)
            plan.deadline = DeadlineCounts(request: request, mapping: reader.mapping)
            try await count(OffPoolRequestReader(reader), into: &plan, after: 0, claims: claims)
            try plan.deadline?.checkDates(path: request.inputPath)
            counted = plan
        }
        try folder.create()
        let lock = try RunLock(folder: folder)
        let ledger = try Ledger(path: folder.ledger)
        let audit = dryRun ? nil : try await RunAudit.open(folder: folder, ledger: ledger)
        var record: RunRecord
        if let existing {
            record = existing
            if !APIEndpoint.same(existing.endpoint, request.endpoint), let audit {
                // checkResumable let it through: nothing of this run reached its old endpoint.
                try await index?.release(run: name)
                try await audit.commit([.rebound(endpoint: request.endpoint)]) {
                    try await ledger.rebind(endpoint: request.endpoint)
                }
            }
        } else {
            record = RunRecord(
                name: name,
                inputPath: request.inputPath,
                inputSHA256: digest,
                header: header,
                defaults: request.defaults,
                endpoint: request.endpoint,
                createdAt: Timestamp.now(),
                targetID: request.targetID
            )
            if probe.mapping.index(of: .receivedAt) != nil {
                record.deadlineRule = (request.deadline ?? .gdpr).argument
                record.processingDays = request.processingDays
            }
            record.recordKeyId = recordKey.id
            record.emailColumn = probe.mapping.index(of: .email)
            record.keptColumns = kept
            record.retainPII = (request.retainPII ?? RetentionPolicy.standard.finished).seconds
            record.retainPIIMax = (request.retainPIIMax ?? RetentionPolicy.standard.needingPerson).seconds
            try request.reading.record(in: folder)
            let created = record
            try await audit?.commit([AuditEvent.started(created, request: request)]) {
                try await ledger.create(created)
            }
        }
        if !dryRun {
            if let other = try await ledger.adopt(recordKey) {
                request.keyring.note(
                    "run '\(name)' was hashed under record key \(other), not \(recordKey.id): its rows keep their state, "
                        + "but its shoppers are not recognised in new files until that key file is restored")
            }
            if existing != nil, request.retainPII != nil || request.retainPIIMax != nil {
                let policy = RetentionPolicy.of(
                    record, finished: request.retainPII, needingPerson: request.retainPIIMax)
                try await ledger.recordRetention(
                    retainPII: policy.finished.seconds, retainPIIMax: policy.needingPerson.seconds)
            }
        }
        record = try await ledger.run() ?? record
        var plan = RunPlan()
        plan.runName = name
        let states = try await ledger.stateCounts()
        let unsent = try await ledger.unsentCounts()
        plan.toSendByType = unsent
        plan.alreadyAnswered = (states[.submitted] ?? 0) + (states[.rejected] ?? 0)
        plan.notSendable = (states[.invalid] ?? 0) + (states[.duplicate] ?? 0)
        plan.alreadyRequested = states[.alreadyRequested] ?? 0
        plan.validByType = try await ledger.validCounts()
        plan.rows = states.values.reduce(0, +)
        plan.deadline = DeadlineCounts(record: record, processingDays: record.processingDays)
        plan.retention = RetentionPolicy.of(record, finished: request.retainPII, needingPerson: request.retainPIIMax)
        if let counted {
            plan.add(counted)
        } else if !record.ingestComplete {
            try await count(OffPoolRequestReader(probe), into: &plan, after: record.ingestedRows, claims: claims)
            try plan.deadline?.checkDates(path: request.inputPath)
        }
        return BatchRun(
            folder: folder,
            ledger: ledger,
            record: record,
            plan: plan,
            isResume: existing != nil,
            inputPath: request.inputPath,
            reading: request.reading,
            claims: claims,
            lock: lock,
            audit: audit
        )
    }

    private init(
        folder: RunFolder,
        ledger: Ledger,
        record: RunRecord,
        plan: RunPlan,
        isResume: Bool,
        inputPath: String,
        reading: ReadingOptions,
        claims: RunClaims,
        lock: RunLock,
        audit: RunAudit?
    ) {
        self.audit = audit
        self.reading = reading
        self.folder = folder
        self.ledger = ledger
        self.record = record
        self.plan = plan
        self.isResume = isResume
        self.inputPath = inputPath
        self.claims = claims
        self.lock = lock
    }

    /// Sends what is left through `api`, then rewrites the reports. Returns the report counts and why it stopped.
    public func execute(
        api: any TaskStarting,
        settings: SubmissionSettings,
        stop: StopSignal,
        caller: RetryingCaller? = nil,
        onAnswers: @Sendable @escaping ([SubmissionAnswer]) async -> Void = { _ in }
    ) async throws -> (tally: SubmissionEngine.Tally, counts: ReportWriter.Counts) {
        let started = ContinuousClock.now
        let reader =
            record.ingestComplete
            ? nil
            : OffPoolRequestReader(try RequestFileReader(path: inputPath, defaults: record.defaults, options: reading))
        let caller = caller ?? RetryingCaller(settings: settings, stop: stop)
        let engine = SubmissionEngine(api: api, settings: settings, caller: caller)
        let tally = try await engine.submit(
            ledger: ledger, run: record, reader: reader, claims: claims, audit: audit, onAnswers: onAnswers)
        try await ledger.recordActivity(await caller.limiter.takeActivity())
        if let reader, stop.isStopped {
            try await storeRemainingRows(from: reader)
        }
        // Rows this run finished under `--retain-pii 0d`, and older ones whose time came, go before the reports.
        _ = try await minimise()
        try await ledger.checkpoint()
        let elapsed = ContinuousClock.now - started
        let context = ReportWriter.Context(
            settings: settings.reportable,
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            pacing: await caller.limiter.summary()
        )
        let writer = ReportWriter(folder: folder)
        // A resumed run that had nothing left to do leaves its (possibly million-row) reports as they are.
        if tally.requests == 0, try await writer.isCurrent(ledger: ledger) {
            return (tally, try writer.currentCounts())
        }
        return (tally, try await writer.write(ledger: ledger, context: context))
    }

    /// Minimises the rows whose retention (as the run recorded it) has passed at `now`.
    public func minimise(now: Date = Date()) async throws -> Minimiser.Tally {
        let current = try await ledger.run() ?? record
        return try await Minimiser(folder: folder, ledger: ledger, record: current, audit: audit)
            .minimise(.retention(RetentionPolicy.of(current)), now: now)
    }

    /// Stores the rows a stopped run never read, validated but unsent, so every input row is in the reports.
    private func storeRemainingRows(from reader: OffPoolRequestReader) async throws {
        guard let current = try await ledger.run(), !current.ingestComplete else { return }
        var ended = false
        while !ended {
            let chunk = try await reader.nextUnstoredRows(
                after: current.ingestedRows, validLimit: .max, rowLimit: 1_000)
            ended = chunk.ended
            try await ledger.ingest(
                chunk.rows, scope: claims.scope, complete: ended, deadline: record.deadline,
                recordKey: claims.recordKey)
        }
    }

    /// Counts the rows of `reader` after `row` into `plan`, asking the index (without claiming) which valid
    /// rows another run already requested, 500 at a time. The file is read on blocking-I/O threads.
    private static func count(
        _ reader: OffPoolRequestReader, into plan: inout RunPlan, after row: Int, claims: RunClaims
    ) async throws {
        var ended = false
        while !ended {
            let chunk = try await reader.nextUnstoredRows(after: row, validLimit: 500, rowLimit: 4_000)
            ended = chunk.ended
            var batch: [(row: Int, request: PrivacyRequest)] = []
            for input in chunk.rows {
                plan.rows += 1
                switch input.verdict {
                case .valid(let request):
                    plan.deadline?.count(request)
                    plan.validByType[request.type, default: 0] += 1
                    if request.type == .deletion, request.holdingPeriod == 0 { plan.immediateDeletions += 1 }
                    batch.append((input.row, request))
                case .invalid(let problem):
                    plan.notSendable += 1
                    if problem.code == .receivedAtAmbiguous { plan.deadline?.ambiguous(line: input.line) }
                }
            }
            let decided =
                try await claims.index?.preview(
                    batch, run: claims.run, scope: claims.scope, allowRepeat: claims.allowRepeat)
                ?? [:]
            for (row, request) in batch {
                if case .alreadyRequested = decided[row] {
                    plan.alreadyRequested += 1
                } else {
                    plan.toSendByType[request.type, default: 0] += 1
                }
            }
        }
    }

    /// The reports folder's request index when it exists, opened without creating anything.
    private static func existingIndex(reports: String, keyring: RecordKeyring) throws -> RequestIndex? {
        FileManager.default.fileExists(atPath: RequestIndex.path(reports: reports))
            ? try RequestIndex(reports: reports, keyring: keyring) : nil
    }

    /// The columns a minimised row keeps: the request's type, holding period, received date and data subject type
    /// (not personal, and part of the proof), and the `--keep-column`s, which must be in the header.
    private static func keptColumns(
        _ request: Request, mapping: ColumnMapping
    ) throws(ConfigurationError) -> [Int] {
        var kept = Set(
            [ColumnRole.requestType, .holdingPeriod, .receivedAt, .dataSubjectType].compactMap(mapping.index(of:)))
        for name in request.keepColumns {
            let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard
                let index = mapping.columns.firstIndex(where: {
                    $0.header.trimmingCharacters(in: .whitespaces).lowercased() == wanted
                })
            else {
                let headers = mapping.columns.map(\.header).joined(separator: ", ")
                throw ConfigurationError(
                    "--keep-column \(name): the file has no such column (its header: \(headers))")
            }
            if index == mapping.index(of: .email) {
                throw ConfigurationError(
                    "--keep-column \(name) is the email column: a minimised row never keeps the address (its keyed hash "
                        + "and masked form stay)")
            }
            kept.insert(index)
        }
        return kept.sorted()
    }

    private static func checkResumable(
        _ existing: RunRecord,
        digest: String,
        request: Request,
        name: String,
        inFlight: Int
    ) throws(ConfigurationError) {
        let fresh = freshName(base: name, reports: request.reports)
        if existing.inputSHA256 != digest {
            throw ConfigurationError(
                "run '\(name)' was started on a file with different content (SHA-256 \(existing.inputSHA256.prefix(12))…, now \(digest.prefix(12))…); resuming it would mix two inputs. Rerun with the original file, or add --new-run to start '\(fresh)', which sends only the rows no run has requested yet (rows '\(name)' or any other run already requested are reported ALREADY_REQUESTED, not sent again)"
            )
        }
        if !APIEndpoint.same(existing.endpoint, request.endpoint) && (existing.reachedEndpoint || inFlight > 0) {
            throw ConfigurationError(
                "run '\(name)' was started against \(existing.endpoint ?? "the sandbox"), not \(request.endpoint ?? "the sandbox"); its tasks live there. Rerun against the same endpoint, or add --new-run"
            )
        }
        if let recorded = existing.targetID, recorded != request.targetID {
            throw ConfigurationError(
                "run '\(name)' was submitted for another target id (BWP_TARGET_ID); its tasks belong to that business. Rerun with the same BWP_TARGET_ID, or add --new-run"
            )
        }
        if existing.defaults != request.defaults {
            throw ConfigurationError(
                "run '\(name)' was started with other --type/--holding-period/--reason values; rerun with the same flags, or add --new-run"
            )
        }
    }

    /// Refuses to resume a run under another deadline rule than it was started with: its rows' due dates are
    /// stored.
    private static func checkDeadline(_ existing: RunRecord, request: Request, name: String) throws(ConfigurationError)
    {
        guard let given = request.deadline, let recorded = existing.deadline, given != recorded else { return }
        throw ConfigurationError(
            "run '\(name)' was started with --deadline \(recorded.argument), not \(given.argument); its due dates are set. Rerun with the same value, or add --new-run"
        )
    }

    private static func freshName(base: String, reports: String) -> String {
        var index = 2
        while RunFolder(reports: reports, name: "\(base)-\(index)").hasLedger { index += 1 }
        return "\(base)-\(index)"
    }
}

extension SubmissionSettings {
    /// The settings as `summary.json` records them.
    var reportable: [String: String] {
        [
            "rate": rate.map { String($0) } ?? "adaptive", "burst": String(burst), "concurrency": String(concurrency),
            "maxAttempts": String(maxAttempts), "maxFailureRate": String(maxFailureRate),
        ]
    }
}
