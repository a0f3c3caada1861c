import Hummingbird

/// Request context that can close the connection without an answer, for the drop fault.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Closes the underlying TCP connection; the response written afterwards goes nowhere.
    let closeConnection: @Sendable () async -> Void
    /// The port the server is bound to, for links when the request has no Host header.
    let localPort: Int?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let channel = source.channel
        localPort = channel.localAddress?.port
        closeConnection = { try? await channel.close().get() }
    }
}
