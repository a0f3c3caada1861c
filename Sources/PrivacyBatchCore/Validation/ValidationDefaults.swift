/// Values that apply to rows whose file leaves them out, usually given on the command line.
public struct ValidationDefaults: Sendable, Equatable {
    /// The request type for rows without one (`--type`).
    public var type: RequestType?
    /// The holding period in days for deletions without one (`--holding-period`); the API's 10 when nil.
    public var holdingPeriod: Int?
    /// The audit reason for deletions without one (`--reason`).
    public var reason: String?

    /// Creates defaults; every value is optional.
    public init(type: RequestType? = nil, holdingPeriod: Int? = nil, reason: String? = nil) {
        self.type = type
        self.holdingPeriod = holdingPeriod
        self.reason = reason
    }
}
