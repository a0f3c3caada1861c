import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A local stand-in for the Buy with Prime privacy API, served over HTTP.
public struct PrivacyAPISimulator: Sendable {
    /// The configuration this simulator was built from.
    public let configuration: SimulatorConfiguration
    private let services: SimulatorServices
    private let api: SimulatorSchema
    private let stateLock: StateFileLock?

    /// Builds a simulator; loads the shoppers file and the state file, throwing a clear `SimulatorError`.
    public init(configuration: SimulatorConfiguration) throws {
        try Self.validate(configuration)
        self.configuration = configuration
        var logger = Logger(label: "privacy-api-simulator")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let directory = try configuration.shoppersFile.map(ShopperDirectory.init(csvPath:)) ?? ShopperDirectory()
        stateLock = try configuration.stateFile.map(StateFileLock.init(stateFile:))
        let timing = LifecycleTiming(
            daySeconds: configuration.daySeconds, processingDays: configuration.processingDays)
        services = SimulatorServices(
            configuration: configuration,
            store: try TaskStore(database: StateDatabase(path: configuration.stateFile), timing: timing),
            directory: directory,
            tokens: TokenIssuer(
                credentials: configuration.credentials, ttl: configuration.tokenTTL, clock: configuration.clock),
            limiter: Self.quota(configuration).map {
                RateLimiter(schedule: $0, burst: configuration.burst, started: configuration.clock.now())
            },
            faults: FaultInjector(
                seed: configuration.seed, faultRate: configuration.faultRate, dropRate: configuration.dropRate,
                latency: configuration.latency),
            signer: LinkSigner(),
            emitter: EventEmitter(
                eventsFile: configuration.eventsFile, webhook: configuration.webhook,
                targetID: configuration.credentials.targetID, logger: logger),
            logger: logger)
        api = try SimulatorSchema()
    }

    /// The quota in force: the schedule, else the fixed rate, else none.
    private static func quota(_ configuration: SimulatorConfiguration) -> RateSchedule? {
        configuration.rateSchedule ?? configuration.rate.flatMap { try? RateSchedule([.init(second: 0, rate: $0)]) }
    }

    private static func validate(_ configuration: SimulatorConfiguration) throws {
        func check(_ condition: Bool, _ message: String) throws {
            if !condition { throw SimulatorError.invalidConfiguration(message) }
        }
        try check((0...65535).contains(configuration.port), "port must be 0...65535")
        try check(configuration.daySeconds > 0, "daySeconds must be positive")
        try check(configuration.processingDays >= 0, "processingDays must not be negative")
        try check(configuration.linkTTL > 0, "linkTTL must be positive")
        try check(configuration.tokenTTL > 0, "tokenTTL must be positive")
        try check(configuration.idempotencyWindow >= 0, "idempotencyWindow must not be negative")
        try check(configuration.rate.map { $0 > 0 } ?? true, "rate must be positive")
        try check(configuration.rate == nil || configuration.rateSchedule == nil, "give rate or rateSchedule, not both")
        try check(configuration.burst >= 1, "burst must be at least 1")
        try check((0...1).contains(configuration.faultRate), "faultRate must be within 0...1")
        try check((0...1).contains(configuration.dropRate), "dropRate must be within 0...1")
        try check(configuration.headTimeout > 0 && configuration.bodyTimeout > 0, "timeouts must be positive")
        try check(configuration.latency.map { $0.lowerBound >= 0 } ?? true, "latency must not be negative")
    }

    /// Starts the server, runs `body` with the base URL ("http://127.0.0.1:PORT"), then shuts down gracefully.
    public func withRunning<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let serviceGroup = ServiceGroup(
            configuration: .init(services: makeServices(onPort: { continuation.yield($0) }), logger: services.logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [configuration] in
                defer { continuation.finish() }
                do {
                    try await serviceGroup.run()
                } catch {
                    throw Self.translated(error, configuration: configuration)
                }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.waitForAll()
                throw SimulatorError.serverDidNotStart
            }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(baseURL(port: port)))
            } catch {
                result = .failure(error)
            }
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }

    /// Serves until SIGINT/SIGTERM, calling `onListening` with the base URL once it accepts connections.
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws {
        let serviceGroup = ServiceGroup(
            configuration: .init(
                services: makeServices(onPort: { onListening(baseURL(port: $0)) }),
                gracefulShutdownSignals: [.sigterm, .sigint], logger: services.logger))
        do {
            try await serviceGroup.run()
        } catch {
            throw Self.translated(error, configuration: configuration)
        }
    }

    /// A bind failure on a busy port becomes a ``SimulatorError`` that says so; other errors pass unchanged.
    private static func translated(_ error: any Error, configuration: SimulatorConfiguration) -> any Error {
        guard let failure = error as? IOError, failure.errnoCode == EADDRINUSE else { return error }
        return SimulatorError.portInUse(host: configuration.host, port: configuration.port)
    }

    /// Runs one event sweep now, as the background sweeper does every 150 ms.
    ///
    /// When it returns, every event due at the clock's current time has been emitted: tests use it as the
    /// positive signal that a later assertion sees all there will be (and each event once).
    public func sweepEventsNow() async {
        await services.sweepEvents()
    }

    private func baseURL(port: Int) -> String {
        "http://\(configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host):\(port)"
    }

    private func makeServices(onPort: @escaping @Sendable (Int) -> Void) -> [any Service] {
        let limits = RequestTimeoutHandler.Limits(
            headTimeout: .nanoseconds(Int64(configuration.headTimeout * 1e9)),
            bodyTimeout: .nanoseconds(Int64(configuration.bodyTimeout * 1e9)))
        let app = Application(
            responder: SimulatorResponder(services: services, api: api),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestTimeoutHandler(limits: limits)],
                    idleTimeout: limits.keepAliveTimeout)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in onPort(channel.localAddress?.port ?? configuration.port) },
            logger: services.logger)
        return [
            NamedService(description: "simulator HTTP server", service: app),
            NamedService(
                description: "simulator event sweeper",
                service: EventSweeper(services: services, interval: .milliseconds(150))),
        ]
    }
}
