import PrivacyBatchCore

/// What makes two rows the same shopper request, across files and runs: scope, type and the shopper's keyed hash
/// (of the email compared case-insensitively). The holding period and reason are deliberately not part of it: a
/// second deletion of the same shopper with another reason is still a second task for one shopper.
///
/// The index holds keyed hashes only, never an email: it outlives every run's retention.
public struct RequestKey: Sendable, Hashable {
    /// The endpoint and target.
    public var scope: RequestScope
    /// Deletion or retrieval.
    public var type: RequestType
    /// The shopper's keyed hash (``RecordKey/subject(of:)``).
    public var subject: String

    /// The key of `request` in `scope`, under the record key `key`.
    public init(scope: RequestScope, request: PrivacyRequest, key: RecordKey) {
        self.scope = scope
        type = request.type
        subject = key.subject(of: request.email)
    }

    /// An email as keys and tokens compare it.
    static func normalised(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
