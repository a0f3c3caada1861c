import Foundation

/// An entry to append: the log fills in `seq` and `prev`, so callers cannot break the chain.
public struct PendingEntry: Sendable, Hashable {
    /// What happened.
    public var event: String
    /// The event's own members, in the order they are to be written.
    public var fields: [AuditField]
    /// When it happened; written in UTC with milliseconds.
    public var at: Date

    /// An entry for `event` with `fields`, stamped `at`.
    public init(event: String, fields: [AuditField] = [], at: Date = Date()) {
        self.event = event
        self.fields = fields
        self.at = at
    }

    /// An entry for `event` whose fields are given as a literal, e.g. `["request": "r-1", "rows": 3]`.
    public init(event: String, fields: KeyValuePairs<String, AuditValue>, at: Date = Date()) {
        self.init(event: event, fields: fields.map { AuditField($0.key, $0.value) }, at: at)
    }
}
