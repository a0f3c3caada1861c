/// Where a request is sent: the API endpoint and the business it is sent for (`x-api-target-id`).
///
/// Part of every request's key in the ``RequestIndex`` and of its client token: the same shopper at another
/// endpoint or for another business is another request.
public struct RequestScope: Sendable, Hashable {
    /// The endpoint's base URL, or `sandbox` for the embedded simulator.
    public var endpoint: String
    /// The target id, or `sandbox`.
    public var targetID: String

    /// Creates a scope; `nil` values stand for the embedded sandbox.
    public init(endpoint: String?, targetID: String?) {
        self.endpoint = endpoint ?? "sandbox"
        self.targetID = targetID ?? "sandbox"
    }

    /// The embedded sandbox's scope.
    public static let sandbox = RequestScope(endpoint: nil, targetID: nil)
}

extension RequestScope {
    /// Whether requests go to the embedded sandbox.
    public var isSandbox: Bool { endpoint == "sandbox" }
}
