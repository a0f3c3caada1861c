/// The meaning of a request file column that the validator understands.
public enum ColumnRole: String, Sendable, CaseIterable {
    /// The shopper's email address; required.
    case email
    /// `deletion` or `retrieval`.
    case requestType = "request_type"
    /// Days to hold a deletion.
    case holdingPeriod = "holding_period"
    /// Audit text for a deletion.
    case reason
    /// Must be `SHOPPER` when given.
    case dataSubjectType = "data_subject_type"
    /// When the shopper's request was received: the start of its legal deadline.
    case receivedAt = "received_at"

    /// The role of a header name by the alias table (see `aliases`), or nil for a column that is only
    /// carried along.
    ///
    /// Names match after `compacted(_:)`: ignoring case, spaces, punctuation and a trailing unit in
    /// parentheses, so `Holding Period (days)`, `holding-period` and `HOLDING_PERIOD` are one column.
    public init?(headerName: String) {
        let compact = Self.compacted(headerName)
        guard let role = Self.allCases.first(where: { Self.aliases[$0, default: []].contains(compact) }) else {
            return nil
        }
        self = role
    }

    /// Header names seen in real exports (storefront, CRM, help-desk), compacted.
    public static let aliases: [ColumnRole: [String]] = [
        .email: [
            "email", "emailaddress", "customeremail", "customeremailaddress", "shopperemail",
            "shopperemailaddress", "buyeremail", "contactemail", "requesteremail", "requesteremailaddress",
            "useremail", "subscriberemail",
        ],
        .requestType: [
            "requesttype", "type", "privacyrequesttype", "datarequesttype", "typeofrequest", "requestkind",
        ],
        .holdingPeriod: [
            "holdingperiod", "holdingperioddays", "holddays", "holdingdays", "holdperiod", "holdperioddays",
            "daystohold",
        ],
        .reason: ["reason", "deletionreason", "requestreason", "auditreason", "reasonforrequest"],
        .dataSubjectType: ["datasubjecttype", "subjecttype"],
        .receivedAt: [
            "receivedat", "received", "receivedon", "receiveddate", "datereceived", "requestdate", "requestedat",
            "requestedon", "daterequested", "dateofrequest", "requestreceived", "requestreceivedat", "submittedat",
            "submittedon", "submissiondate", "datesubmitted", "createdat", "requestcreated", "requestcreatedat",
            "requestcreatedon", "requesttimestamp",
        ],
    ]

    /// The role a header name seems to be about although it is not one of the aliases, e.g.
    /// `Hold Until`, `Retention Days` or `Reason Code`; nil when it looks like none.
    ///
    /// Such a column is never ignored silently: its values would be dropped and a default (a holding
    /// period!) used in their place. Email is left out: an email column is required anyway, and exports
    /// often carry others (`Accepts Email Marketing`); a lookalike only helps the missing-column message.
    public static func resembled(byHeaderName name: String) -> ColumnRole? {
        let compact = compacted(name)
        if compact.contains("holding") || (compact.hasPrefix("hold") && !compact.contains("holder"))
            || compact.contains("holdday") || compact.contains("holdperiod") || compact.contains("retention")
            || compact.contains("graceperiod")
            || (compact.contains("day")
                && (compact.contains("delet") || compact.contains("wait") || compact.contains("delay")))
        {
            return .holdingPeriod
        }
        if compact.contains("requesttype") || compact.contains("typeofrequest")
            || compact.contains("deletionorretrieval") || compact.contains("retrievalordeletion")
        {
            return .requestType
        }
        if compact.contains("reason") { return .reason }
        if compact.contains("subjecttype") || compact.contains("datasubject") { return .dataSubjectType }
        // A date column that may be the request's receipt: its deadline must not be read from the wrong one.
        if compact.contains("received") || compact.contains("requestdate") || compact.contains("requestedon")
            || (compact.contains("request") && (compact.contains("date") || compact.contains("time")))
        {
            return .receivedAt
        }
        return nil
    }

    /// Whether a header name looks like an email column without being an alias of one.
    static func resemblesEmail(_ name: String) -> Bool {
        compacted(name).contains("mail")
    }

    /// A header name lowercased, without a trailing unit in parentheses or brackets, and without any
    /// character that is not a letter or a digit: `Holding Period (days)` is `holdingperiod`.
    public static func compacted(_ name: String) -> String {
        var text = Substring(name.lowercased())
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        if let close = text.last, close == ")" || close == "]",
            let open = text.lastIndex(of: close == ")" ? "(" : "["), open > text.startIndex
        {
            text = text[..<open]
        }
        return String(text.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    }

    /// A header name lowercased, trimmed, with `-` and spaces turned into `_` (for the selector files'
    /// exact column names).
    public static func normalised(_ headerName: String) -> String {
        let raw = ContiguousArray(headerName.utf8)
        let bytes = raw[ASCII.trimmedRange(raw.span)].map { byte in
            byte == 0x2D || byte == ASCII.space ? 0x5F : ASCII.lowercased(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
