/// Why a line is not an audit entry, or why an entry cannot be written as one.
public enum AuditEntryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line is not a single JSON object (or uses JSON the format excludes, such as fractions).
    case notJSONObject(String)
    /// An object names the same key twice.
    case duplicateKey(String)
    /// One of `seq`, `at`, `event`, `prev` is absent.
    case missingKey(String)
    /// One of `seq`, `at`, `event`, `prev` has the wrong JSON type or an invalid value.
    case invalidKey(String, expected: String)
    /// An event-specific field reuses one of the four keys every entry has.
    case reservedField(String)

    /// What is wrong, for a log message.
    public var description: String {
        switch self {
        case .notJSONObject(let detail): "not a JSON object: \(detail)"
        case .duplicateKey(let key): "the key \"\(key)\" appears twice"
        case .missingKey(let key): "the key \"\(key)\" is missing"
        case .invalidKey(let key, let expected): "the key \"\(key)\" must be \(expected)"
        case .reservedField(let key): "the field \"\(key)\" is reserved for the log itself"
        }
    }
}
