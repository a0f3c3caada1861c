import ServiceLifecycle

/// A service that logs as its name alone.
///
/// swift-service-lifecycle logs `"\(service)"` when it starts and stops a service; for the HTTP application
/// that string is a dump of the whole responder, credentials and link-signing key included.
struct NamedService: Service, CustomStringConvertible {
    let description: String
    let service: any Service

    func run() async throws {
        try await service.run()
    }
}
