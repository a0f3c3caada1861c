import PrivacyBatchCore

/// A row ready to be sent: its request and the idempotency key it always carries.
public struct PendingSubmission: Sendable, Equatable {
    /// The data row.
    public var row: Int
    /// What to ask the API.
    public var request: PrivacyRequest
    /// The row's derived client token.
    public var clientToken: String
    /// Whether an earlier run may already have sent it (it was left `SUBMITTING` or `ERROR`), so a stop must
    /// not record it as never sent.
    public var mayHaveLanded: Bool

    /// Creates a pending submission.
    public init(row: Int, request: PrivacyRequest, clientToken: String, mayHaveLanded: Bool = false) {
        self.row = row
        self.request = request
        self.clientToken = clientToken
        self.mayHaveLanded = mayHaveLanded
    }

    /// Rebuilds the submission of a row stored in the ledger, or `nil` for a row that is not valid.
    package init?(_ stored: LedgerRow) {
        guard let type = stored.type, let email = stored.email, let clientToken = stored.clientToken else {
            return nil
        }
        self.init(
            row: stored.row,
            request: PrivacyRequest(
                type: type, email: email, holdingPeriod: stored.holdingPeriod, reason: stored.reason),
            clientToken: clientToken,
            mayHaveLanded: stored.state == .submitting || stored.state == .error
        )
    }
}
