/// Everything that shapes one simulator instance.
///
/// Durations named "wall clock" are measured on `clock` in seconds; the task lifecycle is measured
/// in simulated days of `daySeconds` each, on the same clock.
public struct SimulatorConfiguration: Sendable {
    /// Interface to bind; loopback unless told otherwise.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    public var port: Int = 0
    /// Seconds per simulated day (86400 = real time).
    public var daySeconds: Double = 1
    /// Simulated days a task spends `IN_PROGRESS`.
    public var processingDays: Double = 1
    /// Seconds a retrieval link stays valid.
    public var linkTTL: Double = 60
    /// Seconds an access token stays valid.
    public var tokenTTL: Double = 900
    /// Seconds during which a clientToken is remembered.
    public var idempotencyWindow: Double = 8 * 3600
    /// The credentials `/token` accepts.
    public var credentials: SimulatorCredentials = .sandbox
    /// Requests per second per client; throttling is off when nil (and `rateSchedule` is nil).
    public var rate: Double? = nil
    /// A quota that changes over time, counted from the simulator's creation; takes the place of `rate`.
    public var rateSchedule: RateSchedule? = nil
    /// Bucket size of the per-client token bucket.
    public var burst: Int = 10
    /// Probability of an injected HTTP 500/503.
    public var faultRate: Double = 0
    /// Probability of closing the connection without an answer.
    public var dropRate: Double = 0
    /// Extra latency per request, in milliseconds.
    public var latency: ClosedRange<Int>? = nil
    /// Seed of the fault/latency PRNG, so a run can be replayed.
    public var seed: UInt64 = 0
    /// File that receives one JSON line per emitted event.
    public var eventsFile: String? = nil
    /// URL that receives each event as a POST.
    public var webhook: String? = nil
    /// SQLite file that keeps tasks across restarts; a private temporary SQLite file when nil.
    public var stateFile: String? = nil
    /// CSV `email,exists,open_orders` overriding the default shopper rule.
    public var shoppersFile: String? = nil
    /// Seconds a client has to send a whole request head after connecting (a slow-header client is cut off).
    public var headTimeout: Double = 10
    /// Seconds a client has to send a whole request body after its head.
    public var bodyTimeout: Double = 30
    /// Source of "now" for everything time-based.
    public var clock: any SimulatorClock = SystemSimulatorClock()
    /// Holds GraphQL requests after the first N until opened (tests that stop a client part-way); off when nil.
    public var requestGate: RequestGate? = nil
    /// Bytes of filler added to every retrieval archive (a stored `filler.bin` entry): big archives on demand.
    public var archiveFillerBytes = 0
    /// Seconds to pause after each 64 KiB of an archive's body, when set: a slow download to stop part-way.
    public var archiveChunkPause: Double? = nil

    /// Creates the default configuration.
    public init() {}
}
