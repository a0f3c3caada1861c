import Foundation

/// Per-request context handed to resolvers: the shared services plus who is calling.
struct SimulatorContext: Sendable {
    var services: SimulatorServices
    var grant: AccessGrant
    /// "http://host:port" as the client reached us, so links work through whatever address it used.
    var linkBase: String
}
