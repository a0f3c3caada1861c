/// Where one data row stands in the ledger's state machine.
///
/// ```
/// INVALID / DUPLICATE                       (final: never sent)
/// ALREADY_REQUESTED                         (final: another row holds a task for the same request)
/// PENDING ──► SUBMITTING ──► SUBMITTED      (task id known; its status is followed in `taskStatus`)
///                 │  ▲  ├──► REJECTED       (the API refused the input: final)
///                 │  │  └──► ERROR          (gave up this run; the next run sends it again)
///                 └──┘ answer lost: resent with the same client token
/// ```
public enum RowState: String, Sendable, Codable, CaseIterable {
    /// The row broke a rule; never sent.
    case invalid = "INVALID"
    /// An earlier row asks the same; never sent.
    case duplicate = "DUPLICATE"
    /// Valid, but another row (of any run in the reports folder) holds an open or completed task for the
    /// same shopper request (`RequestIndex`); never sent.
    case alreadyRequested = "ALREADY_REQUESTED"
    /// Valid and waiting to be sent.
    case pending = "PENDING"
    /// Durably marked before its request leaves; found on resume, it is sent again with the same client token.
    case submitting = "SUBMITTING"
    /// The API answered with a task id.
    case submitted = "SUBMITTED"
    /// The API refused the row's input; sending it again cannot help.
    case rejected = "REJECTED"
    /// Transient failures outlasted the retries of a run; the next run tries again.
    case error = "ERROR"

    /// States a run still has to send.
    public static let unsent: [RowState] = [.submitting, .pending, .error]
}
