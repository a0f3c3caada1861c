/// Why a simulator could not be set up.
public enum SimulatorError: Error, Sendable, CustomStringConvertible {
    /// The shoppers CSV is unreadable or malformed.
    case shoppersFile(path: String, reason: String)
    /// The state database cannot be opened or migrated.
    case stateFile(path: String, reason: String)
    /// A configuration value is out of range.
    case invalidConfiguration(String)
    /// The server stopped before it accepted connections.
    case serverDidNotStart
    /// Another process already listens on the address.
    case portInUse(host: String, port: Int)

    /// A message fit for a terminal.
    public var description: String {
        switch self {
        case .shoppersFile(let path, let reason): "shoppers file \(path): \(reason)"
        case .stateFile(let path, let reason): "state file \(path): \(reason)"
        case .invalidConfiguration(let reason): "invalid simulator configuration: \(reason)"
        case .serverDidNotStart: "the simulator server stopped before accepting connections"
        case .portInUse(let host, let port):
            "port \(port) is already in use on \(host): stop the other server or pick another --port (0 picks a free one)"
        }
    }
}
