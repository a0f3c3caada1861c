import ArgumentParser
import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchCore

/// `simulator`: the local Buy with Prime privacy API sandbox.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Run a local simulator of the Buy with Prime privacy API.",
        subcommands: [Serve.self]
    )

    /// `simulator serve`: serves until SIGINT/SIGTERM.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the simulator; prints 'listening on http://HOST:PORT' once it accepts connections.")

        @Option(help: "Interface to bind (loopback by default).") var host = "127.0.0.1"
        @Option(help: "Port to bind; 0 picks a free one.") var port = 0
        @Option(help: "Seconds per simulated day.") var daySeconds: Double = 1
        @Option(help: "Simulated days a task stays IN_PROGRESS.") var processingDays: Double = 1
        @Option(help: "Seconds a retrieval link stays valid.") var linkTTL: Double = 60
        @Option(help: "Seconds an access token stays valid.") var tokenTTL: Double = 900
        @Option(help: "Requests per second per client (throttling off when absent).") var rate: Double?
        @Option(
            help: "Requests per second changing over time: SECONDS=RATE,... (seconds since start), e.g. 0=40,20=10.")
        var rateSchedule: String?
        @Option(help: "Token bucket size per client.") var burst = 10
        @Option(help: "Probability of an injected HTTP 500/503.") var faultRate: Double = 0
        @Option(help: "Probability of closing the connection without an answer.") var dropRate: Double = 0
        @Option(help: "Extra latency per request, MIN-MAX milliseconds.") var latency: String?
        @Option(help: "Seed for faults and latency.") var seed: UInt64 = 0
        @Option(help: "Append one JSON line per event to this file.") var events: String?
        @Option(help: "POST each event to this URL.") var webhook: String?
        @Option(help: "Keep tasks in this SQLite file across restarts.") var state: String?
        @Option(help: "CSV email,exists,open_orders overriding the default shopper rule.") var shoppers: String?
        @Option(help: "Accepted client id.") var clientID = SimulatorCredentials.sandbox.clientID
        @Option(help: "Accepted client secret.") var clientSecret = SimulatorCredentials.sandbox.clientSecret
        @Option(help: "Expected x-api-target-id.") var targetID = SimulatorCredentials.sandbox.targetID

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
            guard daySeconds > 0 else { throw ValidationError("--day-seconds must be positive.") }
            guard processingDays >= 0 else { throw ValidationError("--processing-days must not be negative.") }
            guard linkTTL > 0, tokenTTL > 0 else {
                throw ValidationError("--link-ttl and --token-ttl must be positive.")
            }
            if let rate, rate <= 0 { throw ValidationError("--rate must be positive.") }
            if let rateSchedule {
                guard rate == nil else { throw ValidationError("give --rate or --rate-schedule, not both.") }
                do { _ = try RateSchedule(parsing: rateSchedule) } catch {
                    guard case .invalidConfiguration(let reason) = error else { throw error }
                    throw ValidationError("--rate-schedule: \(reason).")
                }
            }
            guard burst >= 1 else { throw ValidationError("--burst must be at least 1.") }
            guard (0...1).contains(faultRate) else { throw ValidationError("--fault-rate must be between 0 and 1.") }
            guard (0...1).contains(dropRate) else { throw ValidationError("--drop-rate must be between 0 and 1.") }
            if let latency, Self.parseLatency(latency) == nil {
                throw ValidationError("--latency must be MIN-MAX milliseconds with 0 <= MIN <= MAX, e.g. 20-200.")
            }
            if let webhook, URL(string: webhook)?.scheme?.hasPrefix("http") != true {
                throw ValidationError("--webhook must be an http(s) URL.")
            }
        }

        static func parseLatency(_ text: String) -> ClosedRange<Int>? {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low >= 0, low <= high else {
                return nil
            }
            return low...high
        }

        func run() async throws {
            var configuration = SimulatorConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.daySeconds = daySeconds
            configuration.processingDays = processingDays
            configuration.linkTTL = linkTTL
            configuration.tokenTTL = tokenTTL
            configuration.rate = rate
            configuration.rateSchedule = try rateSchedule.map { try RateSchedule(parsing: $0) }
            configuration.burst = burst
            configuration.faultRate = faultRate
            configuration.dropRate = dropRate
            configuration.latency = latency.flatMap(Self.parseLatency)
            configuration.seed = seed
            configuration.eventsFile = events
            configuration.webhook = webhook
            configuration.stateFile = state
            configuration.shoppersFile = shoppers
            configuration.credentials = SimulatorCredentials(
                clientID: clientID, clientSecret: clientSecret, targetID: targetID,
                noScopeClientID: clientID == SimulatorCredentials.sandbox.clientID
                    ? SimulatorCredentials.sandbox.noScopeClientID : nil)
            if !configuration.bindsLoopbackOnly {
                FileHandle.standardError.write(
                    Data(
                        "warning: --host \(host) is not loopback: anyone who can reach this machine can use the simulator and see the emails it holds; use 127.0.0.1 unless you mean it\n"
                            .utf8))
            }
            let simulator: PrivacyAPISimulator
            do {
                simulator = try PrivacyAPISimulator(configuration: configuration)
            } catch let error as SimulatorError {
                throw ValidationError(error.description)
            }
            do {
                try await simulator.run { baseURL in
                    // Written straight to the descriptor: scripts wait for this line, so it must not sit in a buffer.
                    FileHandle.standardOutput.write(Data("listening on \(baseURL)\n".utf8))
                }
            } catch let error as SimulatorError {
                throw ConfigurationError(error.description)
            }
        }
    }
}
