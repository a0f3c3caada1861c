/// A validated request, ready to be submitted to the privacy API.
public struct PrivacyRequest: Sendable, Equatable {
    /// Whether to delete or retrieve the shopper's data.
    public var type: RequestType
    /// The shopper's email, trimmed of spaces and tabs, with its case kept.
    public var email: String {
        get { emailText.string }
        set { emailText = CellText(newValue) }
    }
    /// Days to hold a deletion before it runs: the row's value, else the default, else the API's 10.
    /// Always nil for retrievals, which the API starts at once.
    public var holdingPeriod: Int?
    /// Audit text for a deletion: the row's value, else the default reason. Nil for retrievals.
    public var reason: String?
    /// When the shopper's request was received, when the file has a `received_at` column with a value. Not part
    /// of the request sent, nor of its client token: the start of its legal deadline.
    public var receivedAt: ReceivedDate?

    // A request read from a file points into its row's cells: most are only counted, never sent.
    private var emailText: CellText

    /// Creates a request from already validated values.
    public init(type: RequestType, email: String, holdingPeriod: Int? = nil, reason: String? = nil) {
        self.init(type: type, emailText: CellText(email), holdingPeriod: holdingPeriod, reason: reason)
    }

    init(type: RequestType, emailText: CellText, holdingPeriod: Int? = nil, reason: String? = nil) {
        self.type = type
        self.emailText = emailText
        self.holdingPeriod = holdingPeriod
        self.reason = reason
    }
}
