/// What is wrong with one row: a stable code and a message naming the field.
public struct RowProblem: Sendable, Equatable, Error {
    /// The first problem's code.
    public var code: RowErrorCode
    /// Every problem of the row, separated by "; ". Never contains the email itself.
    public var message: String

    /// Creates a problem.
    public init(code: RowErrorCode, message: String) {
        self.code = code
        self.message = message
    }
}
