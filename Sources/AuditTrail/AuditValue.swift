/// A JSON value an audit entry can carry in its event-specific fields.
///
/// Only the JSON kinds an outside verifier can round-trip without loss: no floating point, because two JSON
/// libraries may print the same double differently, and a re-encoded line must keep its hash.
public indirect enum AuditValue: Sendable, Hashable {
    /// A JSON string.
    case string(String)
    /// A JSON integer within the 64-bit signed range.
    case integer(Int64)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// A JSON array.
    case array([AuditValue])
    /// A JSON object whose members keep the order they were given or read in.
    case object([AuditField])
}

extension AuditValue: ExpressibleByStringLiteral {
    /// A string value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension AuditValue: ExpressibleByIntegerLiteral {
    /// An integer value from a literal.
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension AuditValue: ExpressibleByBooleanLiteral {
    /// A boolean value from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension AuditValue: ExpressibleByNilLiteral {
    /// `null` from `nil`.
    public init(nilLiteral: ()) { self = .null }
}

extension AuditValue: ExpressibleByArrayLiteral {
    /// An array value from a literal.
    public init(arrayLiteral elements: AuditValue...) { self = .array(elements) }
}

extension AuditValue: ExpressibleByDictionaryLiteral {
    /// An object value from a literal, members in the literal's order.
    public init(dictionaryLiteral elements: (String, AuditValue)...) {
        self = .object(elements.map { AuditField($0.0, $0.1) })
    }
}

extension AuditValue {
    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, if this is an integer.
    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}
