/// Applies the row rules to one record's bytes; duplicates are left to the caller.
struct RowValidator: Sendable {
    /// What a row turned out to be, with the duplicate key of a valid row.
    enum Outcome {
        case valid(PrivacyRequest, key: UInt64)
        case invalid(RowProblem)
    }

    /// The API's holding period when none is given.
    static let apiDefaultHoldingPeriod = 10
    static let holdingPeriodRange = 0...180
    static let maximumReasonCharacters = 1_000

    let columns: RequestColumns
    let defaults: ValidationDefaults
    var dateFormat: ReceivedDateFormat? = nil

    /// Rejects defaults that would make every row invalid, before the file is read.
    static func check(_ defaults: ValidationDefaults) throws(RequestFileError) {
        if let period = defaults.holdingPeriod, !holdingPeriodRange.contains(period) {
            throw .invalidDefault(detail: "the holding period \(period) is not between 0 and 180 days")
        }
        if let reason = defaults.reason, reason.count > maximumReasonCharacters {
            throw .invalidDefault(detail: "the reason is longer than \(maximumReasonCharacters) characters")
        }
    }

    /// Validates one row's cells, as copied by the reader (`CSVReader.makeCells()`).
    ///
    /// Every byte is read from `cells` itself, through bounds-checked spans, and the email the request
    /// will send is named by its cell and its range inside that cell: nothing depends on the reader's
    /// scratch buffer or on offsets between two buffers.
    func validate(_ cells: RowCells) -> Outcome {
        // Problems are rare, so the array is only allocated when one is found.
        var problems: [(code: RowErrorCode, message: String)] = []

        let emailCell = columns.email
        let emailRange = cells.withBytes(of: emailCell) { raw -> Range<Int> in
            let range = ASCII.trimmedRange(raw)
            let email = raw.extracting(range)
            if email.isEmpty {
                problems.append((.emailMissing, "email is empty"))
            } else if !EmailPattern.matches(email) {
                // The address itself is left out: messages end up in logs, addresses are personal data.
                problems.append((.emailInvalid, EmailPattern.diagnosis(email)))
            }
            return range
        }

        var type = defaults.type
        if let column = columns.requestType {
            cells.withBytes(of: column) { raw in
                let cell = raw.extracting(ASCII.trimmedRange(raw))
                if cell.isEmpty {
                    if type == nil {
                        problems.append((.requestTypeMissing, "request_type is empty and no default type was given"))
                    }
                } else if let parsed = RequestType(bytes: cell) {
                    type = parsed
                } else {
                    type = nil
                    problems.append(
                        (
                            .requestTypeUnknown,
                            "request_type \"\(ASCII.excerpt(cell))\" is not deletion or retrieval "
                                + "(also accepted: delete, erasure, retrieve, access)"
                        ))
                }
            }
        }

        var holdingPeriod: Int?
        if let column = columns.holdingPeriod {
            cells.withBytes(of: column) { raw in
                let cell = raw.extracting(ASCII.trimmedRange(raw))
                guard !cell.isEmpty else { return }
                if type == .retrieval {
                    problems.append(
                        (
                            .holdingPeriodOnRetrieval,
                            "holding_period is set on a retrieval; only deletions have a holding period"
                        ))
                    return
                }
                switch Self.parseInteger(cell) {
                case nil:
                    problems.append(
                        (
                            .holdingPeriodNotInteger,
                            "holding_period \"\(ASCII.excerpt(cell))\" is not a whole number of days"
                        ))
                case let value? where value < Self.holdingPeriodRange.lowerBound:
                    problems.append((.holdingPeriodBelowMinimum, "holding_period must be greater than or equal to 0"))
                case let value? where value > Self.holdingPeriodRange.upperBound:
                    problems.append((.holdingPeriodAboveMaximum, "holding_period must be less than or equal to 180"))
                case let value?:
                    holdingPeriod = value
                }
            }
        }

        var reason: String?
        if let column = columns.reason, type != .retrieval {
            let range = cells.withBytes(of: column) { ASCII.trimmedRange($0) }
            if !range.isEmpty {
                let text = cells.string(of: column, bytes: range)
                // Each character takes at least one byte, so short cells need no counting.
                if range.count > Self.maximumReasonCharacters, text.count > Self.maximumReasonCharacters {
                    problems.append(
                        (
                            .reasonTooLong,
                            "reason must be at most \(Self.maximumReasonCharacters) characters (it has \(text.count))"
                        ))
                } else {
                    reason = text
                }
            }
        }

        if let column = columns.dataSubjectType {
            cells.withBytes(of: column) { raw in
                let cell = raw.extracting(ASCII.trimmedRange(raw))
                if !cell.isEmpty, !ASCII.equalsIgnoringCase(cell, "shopper") {
                    problems.append(
                        (.dataSubjectTypeUnknown, "data_subject_type \"\(ASCII.excerpt(cell))\" is not SHOPPER"))
                }
            }
        }

        var receivedAt: ReceivedDate?
        if let column = columns.receivedAt {
            cells.withBytes(of: column) { raw in
                let cell = raw.extracting(ASCII.trimmedRange(raw))
                do throws(ReceivedDate.ParseError) {
                    receivedAt = try ReceivedDate.parse(cell, format: dateFormat)
                } catch {
                    problems.append(
                        (
                            error.isAmbiguous ? .receivedAtAmbiguous : .receivedAtInvalid,
                            error.description
                        ))
                }
            }
        }

        if let first = problems.first {
            return .invalid(RowProblem(code: first.code, message: problems.map(\.message).joined(separator: "; ")))
        }
        guard let type else {
            // Unreachable: the reader refuses files with neither a type column nor a default type.
            return .invalid(RowProblem(code: .requestTypeMissing, message: "request_type is missing"))
        }
        let emailText = CellText(cells, cell: emailCell, bytes: emailRange)
        let key = cells.withBytes(of: emailCell) { raw in
            DuplicateIndex.key(emailBytes: raw.extracting(emailRange), type: type)
        }
        var request: PrivacyRequest
        switch type {
        case .deletion:
            request = PrivacyRequest(
                type: .deletion, emailText: emailText,
                holdingPeriod: holdingPeriod ?? defaults.holdingPeriod ?? Self.apiDefaultHoldingPeriod,
                reason: reason ?? defaults.reason)
        case .retrieval:
            request = PrivacyRequest(type: .retrieval, emailText: emailText)
        }
        request.receivedAt = receivedAt
        return .valid(request, key: key)
    }

    /// An optionally signed decimal integer; values beyond ±1,000,000 are clamped, which keeps them
    /// out of range without overflowing.
    static func parseInteger(_ bytes: Span<UInt8>) -> Int? {
        var index = 0
        var negative = false
        if !bytes.isEmpty, bytes[0] == 0x2B || bytes[0] == 0x2D {
            negative = bytes[0] == 0x2D
            index = 1
        }
        guard index < bytes.count else { return nil }
        var value = 0
        while index < bytes.count {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            value = min(value * 10 + Int(digit), 1_000_000)
            index += 1
        }
        return negative ? -value : value
    }
}
