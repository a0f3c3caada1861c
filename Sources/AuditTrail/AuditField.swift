/// One named member of an entry or of a nested object, kept in order because the order is part of the line's
/// bytes and so of its hash.
public struct AuditField: Sendable, Hashable {
    /// The member's key.
    public var name: String
    /// The member's value.
    public var value: AuditValue

    /// A member named `name` holding `value`.
    public init(_ name: String, _ value: AuditValue) {
        self.name = name
        self.value = value
    }
}
