import PrivacyBatchCore

/// What the ledger knows of its run: where the input came from and how it is submitted.
public struct RunRecord: Sendable, Equatable {
    /// The run's name, also its folder's.
    public var name: String
    /// The input file as given.
    public var inputPath: String
    /// The input's SHA-256 (hex); a rerun on other content is refused.
    public var inputSHA256: String
    /// The input's header, as written.
    public var header: [String]
    /// The defaults the rows were validated with.
    public var defaults: ValidationDefaults
    /// The API endpoint, or `nil` for the embedded sandbox.
    public var endpoint: String?
    /// The highest row number stored so far.
    public var ingestedRows: Int
    /// Whether every row of the input is stored.
    public var ingestComplete: Bool
    /// When the run was created (ISO-8601).
    public var createdAt: String
    /// Whether any start request may have reached the endpoint; until then the run may move to another one.
    public var reachedEndpoint: Bool
    /// The target id (`BWP_TARGET_ID`) its requests were sent for; `nil` for the sandbox and for runs from before
    /// it was recorded. A run's tasks belong to that business: resuming it for another one is refused.
    public var targetID: String?
    /// How long after an open-order failure `follow-up` sends it again (seconds), as last given; `nil` for never set.
    public var reopenAfter: Double?
    /// How long after the first attempt `follow-up` gives an open-order failure up (seconds), as last given.
    public var giveUpAfter: Double?
    /// The legal deadline rule (`gdpr`, `ccpa` or a number of days), when the file has a received date.
    public var deadlineRule: String?
    /// The days the API may take after the holding period, for at-risk counts.
    public var processingDays: Int?
    /// The name (``RecordKey/id``) of the record key its rows' subjects were hashed with.
    public var recordKeyId: String?
    /// The input column holding the email, so an invalid row's cell can be masked too.
    public var emailColumn: Int?
    /// The input columns a minimised row keeps as they were (0-based): the request's type, holding period and
    /// received date, and the columns given with `--keep-column`.
    public var keptColumns: [Int] = []
    /// How long a finished row keeps its values (seconds, `--retain-pii`); `nil` for runs from before it.
    public var retainPII: Double?
    /// How long a row that needs a person keeps its values at most (seconds, `--retain-pii-max`).
    public var retainPIIMax: Double?

    /// Creates a record for a new run.
    public init(
        name: String,
        inputPath: String,
        inputSHA256: String,
        header: [String],
        defaults: ValidationDefaults,
        endpoint: String?,
        ingestedRows: Int = 0,
        ingestComplete: Bool = false,
        createdAt: String,
        reachedEndpoint: Bool = false,
        targetID: String? = nil
    ) {
        self.name = name
        self.inputPath = inputPath
        self.inputSHA256 = inputSHA256
        self.header = header
        self.defaults = defaults
        self.endpoint = endpoint
        self.ingestedRows = ingestedRows
        self.ingestComplete = ingestComplete
        self.createdAt = createdAt
        self.reachedEndpoint = reachedEndpoint
        self.targetID = targetID
    }

    /// The legal deadline rule the rows' due dates were computed with, or `nil` when the file has no received dates.
    public var deadline: DeadlineRule? { deadlineRule.flatMap { try? DeadlineRule(parsing: $0) } }

    /// Whether the run talks to the embedded sandbox simulator.
    public var isSandbox: Bool { endpoint == nil }
}
