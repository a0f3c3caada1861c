/// The task statuses the API documents, plus `CANCELLED`, the status we expect for a cancelled deletion.
public enum TaskStatus {
    /// A deletion inside its holding period; it can still be cancelled.
    public static let onHold = "ON_HOLD"
    /// Being processed.
    public static let inProgress = "IN_PROGRESS"
    /// Done.
    public static let completed = "COMPLETED"
    /// Failed; the task's errors say why.
    public static let failed = "FAILED"
    /// Cancelled within the holding period. Not in the public text: our documented assumption.
    public static let cancelled = "CANCELLED"

    /// Whether a status is final. An unknown status is not, so that it keeps being followed.
    public static func isTerminal(_ status: String) -> Bool {
        status == completed || status == failed || status == cancelled
    }

    /// The error code of a deletion that failed because the shopper still has open orders.
    public static let ordersNotClosed = "ORDERS_NOT_CLOSED"
}
