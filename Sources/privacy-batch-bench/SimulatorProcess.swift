import Foundation
import PrivacyAPISimulator

/// The simulator in a process of its own, so the client's CPU and memory are measured alone.
final class SimulatorProcess {
    let baseURL: String
    private let process: Process

    /// Starts `privacy-batch-bench serve-simulator` (this same binary) and waits for its address.
    /// `extra` are further `serve-simulator` flags: a quota (`--rate`, `--rate-schedule`) or the soak's faults.
    init(latency: String? = nil, extra: [String] = []) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["serve-simulator"] + (latency.map { ["--latency", $0] } ?? []) + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var collected = ""
        while !collected.contains("\n") {
            let data = pipe.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            collected += String(decoding: data, as: UTF8.self)
        }
        guard let line = collected.split(separator: "\n").first, line.hasPrefix("listening on ") else {
            throw CocoaError(.fileReadUnknown)
        }
        baseURL = String(line.dropFirst("listening on ".count))
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// The child side: serve until terminated, faults off, with the quota given (none by default).
    static func serve(arguments: [String]) async throws {
        var configuration = SimulatorConfiguration()
        if let latency = BenchSupport.option("--latency", in: arguments) {
            let bounds = latency.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2 { configuration.latency = bounds[0]...bounds[1] }
        }
        // The soak's hostile settings; absent flags keep the defaults (faults off, no quota).
        let number = { (name: String) in BenchSupport.option(name, in: arguments).flatMap(Double.init) }
        if let faultRate = number("--fault-rate") { configuration.faultRate = faultRate }
        if let dropRate = number("--drop-rate") { configuration.dropRate = dropRate }
        if let tokenTTL = number("--token-ttl") { configuration.tokenTTL = tokenTTL }
        if let rate = number("--rate") { configuration.rate = rate }
        if let burst = number("--burst") { configuration.burst = Int(burst) }
        configuration.rateSchedule = try BenchSupport.option("--rate-schedule", in: arguments).map {
            try RateSchedule(parsing: $0)
        }
        let simulator = try PrivacyAPISimulator(configuration: configuration)
        try await simulator.run { baseURL in
            FileHandle.standardOutput.write(Data("listening on \(baseURL)\n".utf8))
        }
    }
}
