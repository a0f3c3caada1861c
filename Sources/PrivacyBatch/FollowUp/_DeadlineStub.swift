// Temporary until the deadline types land in PrivacyBatchCore.
public enum DeadlineState: String, Sendable, Codable, CaseIterable {
    case met, open
    case atRisk = "at_risk"
    case overdue, missed
}
public struct PolicyDuration: Sendable, Equatable, CustomStringConvertible {
    public var seconds: Double
    public init(seconds: Double) { self.seconds = seconds }
    public init(parsing text: String) throws {
        guard let unit = text.last, let n = Double(text.dropLast()), n >= 0 else { throw CancellationError() }
        switch unit {
        case "s": seconds = n
        case "m": seconds = n * 60
        case "h": seconds = n * 3600
        case "d": seconds = n * 86400
        default: throw CancellationError()
        }
    }
    public var description: String { "\(Int(seconds / 86400))d" }
}
