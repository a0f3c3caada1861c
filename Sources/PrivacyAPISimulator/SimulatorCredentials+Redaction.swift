/// The credentials never print their secret: a log line or a dump of the server's configuration (swift-service-lifecycle
/// logs every service it starts at debug level) shows the ids only.
extension SimulatorCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The ids, with the secret redacted.
    public var description: String {
        "SimulatorCredentials(clientID: \(clientID), clientSecret: <redacted>, targetID: \(targetID))"
    }

    /// The same as `description`.
    public var debugDescription: String { description }

    /// No children, so reflection cannot reach the secret either.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
