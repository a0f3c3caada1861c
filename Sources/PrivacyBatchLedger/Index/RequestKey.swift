import PrivacyBatchCore

/// What makes two rows the same shopper request, across files and runs: scope, type and email, compared
/// case-insensitively. The holding period and reason are deliberately not part of it: a second deletion of
/// the same shopper with another reason is still a second task for one shopper.
public struct RequestKey: Sendable, Hashable {
    /// The endpoint and target.
    public var scope: RequestScope
    /// Deletion or retrieval.
    public var type: RequestType
    /// The email, trimmed and lower-cased.
    public var email: String

    /// The key of `request` in `scope`.
    public init(scope: RequestScope, request: PrivacyRequest) {
        self.scope = scope
        type = request.type
        email = RequestKey.normalised(request.email)
    }

    /// An email as keys and tokens compare it.
    static func normalised(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
