/// What the ``RequestIndex`` decided for one row about to be sent.
public enum RequestClaim: Sendable, Equatable {
    /// Send it; the row now holds the request. `generation` is the earlier task a deliberate resubmission
    /// follows (FAILED, CANCELLED, or COMPLETED with `--allow-repeat`), `nil` for a first request.
    case send(generation: String?)
    /// Do not send it: another row holds a task for it that is open (or completed, without `--allow-repeat`).
    case alreadyRequested(EarlierRequest)
}
