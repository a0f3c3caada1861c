/// The API credentials the simulator accepts at `POST /token`.
///
/// `noScopeClientID` shares `clientSecret` and yields a token without the
/// "Manage Shopper Privacy Requests" scope, so clients can exercise `AccessDeniedError`.
public struct SimulatorCredentials: Sendable, Equatable {
    /// The client id that receives a token with the privacy scope.
    public var clientID: String
    /// The secret shared by both client ids.
    public var clientSecret: String
    /// The business product id expected in `x-api-target-id`.
    public var targetID: String
    /// A client id whose tokens lack the privacy scope.
    public var noScopeClientID: String

    /// Creates credentials; the no-scope client id defaults to `<clientID>-noscope`.
    public init(clientID: String, clientSecret: String, targetID: String, noScopeClientID: String? = nil) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.targetID = targetID
        self.noScopeClientID = noScopeClientID ?? "\(clientID)-noscope"
    }

    /// The documented sandbox credentials: `sandbox-client-id` / `sandbox-client-secret` / `sandbox-target`,
    /// plus `sandbox-noscope-client-id` for a token without the privacy scope.
    public static let sandbox = SimulatorCredentials(
        clientID: "sandbox-client-id",
        clientSecret: "sandbox-client-secret",
        targetID: "sandbox-target",
        noScopeClientID: "sandbox-noscope-client-id"
    )
}
