import PrivacyBatchCore

/// What the engine needs of the API: starting one task. ``PrivacyAPIClient`` is the real one.
public protocol TaskStarting: Sendable {
    /// Starts the task for `request`, idempotently under `clientToken`, and returns its id.
    func startTask(_ request: PrivacyRequest, clientToken: String) async throws(APIFailure) -> String
}

extension PrivacyAPIClient: TaskStarting {}
