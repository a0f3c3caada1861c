extension PrivacyAPIClient {
    /// Why the credential check failed, or `nil` when it passed: for callers that decide per failure
    /// (e.g. an endpoint that cannot be reached at start is a configuration error).
    public func credentialFailure() async -> APIFailure? {
        do {
            try await checkCredentials()
            return nil
        } catch {
            return error
        }
    }
}
