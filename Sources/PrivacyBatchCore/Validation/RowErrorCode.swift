/// Why a row cannot be submitted. The raw values are stable and meant for reports and scripts.
public enum RowErrorCode: String, Sendable, Codable, CaseIterable {
    /// A quoted field is never closed before the end of the file.
    case unterminatedQuote = "UNTERMINATED_QUOTE"
    /// A quote appears inside an unquoted field, or text follows a closing quote.
    case unexpectedQuote = "UNEXPECTED_QUOTE"
    /// The record has more fields than the header.
    case tooManyFields = "TOO_MANY_FIELDS"
    /// The record has fewer fields than the header.
    case tooFewFields = "TOO_FEW_FIELDS"
    /// A field is not valid UTF-8.
    case invalidUTF8 = "INVALID_UTF8"
    /// A field is longer than the reader's limit.
    case fieldTooLong = "FIELD_TOO_LONG"
    /// The email cell is empty.
    case emailMissing = "EMAIL_MISSING"
    /// The email does not match the API's email pattern.
    case emailInvalid = "EMAIL_INVALID"
    /// The request type cell is empty and no default type was given.
    case requestTypeMissing = "REQUEST_TYPE_MISSING"
    /// The request type is not one of the accepted words.
    case requestTypeUnknown = "REQUEST_TYPE_UNKNOWN"
    /// The holding period is not a whole number.
    case holdingPeriodNotInteger = "HOLDING_PERIOD_NOT_INTEGER"
    /// The holding period is below 0.
    case holdingPeriodBelowMinimum = "HOLDING_PERIOD_BELOW_MINIMUM"
    /// The holding period is above 180.
    case holdingPeriodAboveMaximum = "HOLDING_PERIOD_ABOVE_MAXIMUM"
    /// A retrieval row has a holding period, which only deletions take.
    case holdingPeriodOnRetrieval = "HOLDING_PERIOD_ON_RETRIEVAL"
    /// The reason is longer than 1,000 characters.
    case reasonTooLong = "REASON_TOO_LONG"
    /// The data subject type is not `SHOPPER`.
    case dataSubjectTypeUnknown = "DATA_SUBJECT_TYPE_UNKNOWN"
    /// An earlier valid row has the same email (ignoring case) and request type.
    case duplicate = "DUPLICATE"
    /// The record is longer than the reader's limit (1 MiB), or opens a quote that is never closed.
    case rowTooLong = "ROW_TOO_LONG"
    /// The received date is not a date the reader understands (or not one in the given format).
    case receivedAtInvalid = "RECEIVED_AT_INVALID"
    /// The received date could be read two ways (`03/04/2025`) and no date format was given: the whole file is
    /// refused until one is.
    case receivedAtAmbiguous = "RECEIVED_AT_AMBIGUOUS"
}

extension RowErrorCode {
    /// Whether the code is about the record itself (quotes, field count, bytes), not a value: such a row's
    /// cells as stored are padded or cut to the header and so are not the line's own.
    public var isRecordLevel: Bool {
        switch self {
        case .unterminatedQuote, .unexpectedQuote, .tooManyFields, .tooFewFields, .invalidUTF8, .fieldTooLong,
            .rowTooLong:
            true
        default: false
        }
    }
}
