// Counting in arrays indexed by code is cheaper than hashing the code on every row.
extension RowErrorCode {
    /// The position in `allCases`.
    var ordinal: Int {
        switch self {
        case .unterminatedQuote: return 0
        case .unexpectedQuote: return 1
        case .tooManyFields: return 2
        case .tooFewFields: return 3
        case .invalidUTF8: return 4
        case .fieldTooLong: return 5
        case .emailMissing: return 6
        case .emailInvalid: return 7
        case .requestTypeMissing: return 8
        case .requestTypeUnknown: return 9
        case .holdingPeriodNotInteger: return 10
        case .holdingPeriodBelowMinimum: return 11
        case .holdingPeriodAboveMaximum: return 12
        case .holdingPeriodOnRetrieval: return 13
        case .reasonTooLong: return 14
        case .dataSubjectTypeUnknown: return 15
        case .duplicate: return 16
        case .rowTooLong: return 17
        case .receivedAtInvalid: return 18
        case .receivedAtAmbiguous: return 19
        }
    }
}
