/// The meaning of a request file column that the validator understands.
public enum ColumnRole: String, Sendable, CaseIterable {
    /// The shopper's email address; required.
    case email
    /// `deletion` or `retrieval`; header alias `type`.
    case requestType = "request_type"
    /// Days to hold a deletion; header alias `holding_period_days`.
    case holdingPeriod = "holding_period"
    /// Audit text for a deletion.
    case reason
    /// Must be `SHOPPER` when given.
    case dataSubjectType = "data_subject_type"

    /// The role of a header name, or nil for a column that is only carried along.
    ///
    /// Names match ignoring case and surrounding spaces and tabs, with `-`, `_` and space alike:
    /// `Request Type`, `request-type` and `REQUEST_TYPE` are the same column.
    public init?(headerName: String) {
        switch Self.normalised(headerName) {
        case "email": self = .email
        case "request_type", "type": self = .requestType
        case "holding_period", "holding_period_days": self = .holdingPeriod
        case "reason": self = .reason
        case "data_subject_type": self = .dataSubjectType
        default: return nil
        }
    }

    /// A header name lowercased, trimmed, with `-` and spaces turned into `_`.
    public static func normalised(_ headerName: String) -> String {
        var bytes: [UInt8] = []
        var copy = headerName
        copy.withUTF8 { raw in
            for byte in ASCII.trimmed(raw) {
                bytes.append(byte == 0x2D || byte == ASCII.space ? 0x5F : ASCII.lowercased(byte))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
