/// The outcome of validating one row.
public enum RowVerdict: Sendable, Equatable {
    /// The row can be submitted as this request.
    case valid(PrivacyRequest)
    /// The row must not be submitted.
    case invalid(RowProblem)
}
