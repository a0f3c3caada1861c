import AsyncHTTPClient
import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchCore
import Synchronization

/// End-to-end throughput, client CPU, rate accuracy, peak RSS and resume time of `run`.
enum EngineBenchmark {
    static func run(arguments: [String]) async throws {
        let rows = Int(BenchSupport.option("--rows", in: arguments) ?? "") ?? 20_000
        let rssRows = Int(BenchSupport.option("--rss-rows", in: arguments) ?? "") ?? 0
        let resumeRows = Int(BenchSupport.option("--resume-rows", in: arguments) ?? "") ?? 0
        let rate = Double(BenchSupport.option("--rate", in: arguments) ?? "") ?? 200
        let latency = BenchSupport.option("--latency", in: arguments) ?? "20-80"
        let work = NSTemporaryDirectory() + "privacy-batch-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }

        print("== simulator capacity (separate process, faults off)")
        try await SimulatorLoad.run()

        print("== end to end against the simulator (separate process, no quota, faults off)")
        let simulator = try SimulatorProcess()
        let input = work + "/throughput.csv"
        try BenchSupport.generate(rows: rows, to: input)
        let cpuBefore = BenchSupport.cpuSeconds()
        let (_, seconds) = try await BenchSupport.time {
            try await submit(
                input, reports: work + "/reports", baseURL: simulator.baseURL, rate: 100_000, concurrency: 32)
        }
        let cpu = BenchSupport.cpuSeconds() - cpuBefore
        simulator.stop()
        print(
            String(
                format: "rows %d: %.0f rows/s, client CPU %.3f s per 1,000 rows, peak RSS %.1f MiB", rows,
                Double(rows) / seconds, cpu / Double(rows) * 1000, BenchSupport.peakRSSMiB()))

        print("== rate accuracy (\(rate)/s configured, simulator latency \(latency) ms, concurrency 64)")
        let slow = try SimulatorProcess(latency: latency)
        let paced = work + "/paced.csv"
        let pacedRows = Int(rate * 10)
        try BenchSupport.generate(rows: pacedRows, to: paced)
        let dispatches = DispatchTimes()
        try await submit(
            paced,
            reports: work + "/reports",
            baseURL: slow.baseURL,
            rate: rate,
            concurrency: 64,
            burst: 1,
            times: dispatches
        )
        slow.stop()
        // What the limiter controls: requests started per second, first start to last.
        let span = dispatches.span
        let achieved = Double(dispatches.count - 1) / span
        print(
            String(
                format: "%d requests started over %.2f s: achieved %.1f/s, ratio %.3f",
                dispatches.count,
                span,
                achieved,
                achieved / rate
            )
        )

        for count in [10_000, rssRows].filter({ $0 > 0 }) {
            print("== a run of \(count) rows in a fresh process (instant in-process API, to isolate the client)")
            let big = work + "/rss-\(count).csv"
            try BenchSupport.generate(rows: count, to: big)
            let child = try measureInChild(["instant-run", big, work + "/rss-reports"])
            print(
                String(
                    format: "rows %d in %.1f s (%.0f rows/s), peak RSS %.1f MiB",
                    count,
                    child.seconds,
                    Double(count) / child.seconds,
                    child.peakRSS
                )
            )
        }

        if resumeRows > 0 {
            print(
                "== resume of a finished \(resumeRows)-row run vs validate on the same file (each in a fresh process)")
            let file = work + "/resume.csv"
            try BenchSupport.generate(rows: resumeRows, to: file)
            _ = try measureInChild(["instant-run", file, work + "/resume-reports"])
            let validate = try measureInChild(["validate-only", file])
            let resume = try measureInChild(["instant-run", file, work + "/resume-reports"])
            print(
                String(
                    format: "validate %.3f s, resume %.3f s, ratio %.2f",
                    validate.seconds,
                    resume.seconds,
                    resume.seconds / validate.seconds
                )
            )
        }
    }

    /// The child side of a measurement: one run (or one validation) and its time and peak RSS on stdout.
    static func child(arguments: [String]) async throws {
        guard arguments.count >= 2 else { throw CocoaError(.fileReadUnknown) }
        let (_, seconds) = try await BenchSupport.time {
            if arguments[0] == "validate-only" {
                let reader = try RequestFileReader(path: arguments[1])
                var summary = ValidationSummary()
                while let row = try reader.nextRow() { summary.record(row) }
            } else {
                try await submitInstantly(arguments[1], reports: arguments[2])
            }
        }
        print("seconds=\(seconds) rss=\(BenchSupport.peakRSSMiB())")
    }

    private static func measureInChild(_ arguments: [String]) throws -> (seconds: Double, peakRSS: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var values: [String: Double] = [:]
        for pair in output.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        guard let seconds = values["seconds"], let rss = values["rss"] else { throw CocoaError(.fileReadUnknown) }
        return (seconds, rss)
    }

    private static func submit(
        _ input: String,
        reports: String,
        baseURL: String,
        rate: Double,
        concurrency: Int,
        burst: Int? = nil,
        times: DispatchTimes? = nil
    ) async throws {
        var configuration = PrivacyAPIClient.httpConfiguration(concurrency: concurrency)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let credentials = SimulatorCredentials.sandbox
        let api = APIConfiguration(
            endpoint: try APIEndpoint(baseURL),
            credentials: .clientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
            targetID: credentials.targetID
        )
        let client = PrivacyAPIClient(configuration: api, httpClient: httpClient)
        let batch = try await BatchRun.prepare(
            BatchRun.Request(
                inputPath: input, reports: reports, newRun: true, endpoint: baseURL, keyring: BenchSupport.keyring))
        let settings = SubmissionSettings(rate: rate, burst: burst ?? Int(min(rate, 1_000)), concurrency: concurrency)
        do {
            let api: any TaskStarting = times.map { TimedAPI(api: client, times: $0) } ?? client
            _ = try await batch.execute(api: api, settings: settings, stop: StopSignal())
            try await httpClient.shutdown()
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    private static func submitInstantly(_ input: String, reports: String) async throws {
        let batch = try await BatchRun.prepare(
            BatchRun.Request(inputPath: input, reports: reports, endpoint: "instant", keyring: BenchSupport.keyring))
        let settings = SubmissionSettings(rate: 10_000, burst: 10_000, concurrency: 16)
        _ = try await batch.execute(api: InstantAPI(), settings: settings, stop: StopSignal())
    }
}

/// Answers every start at once, so a benchmark measures the client alone.
struct InstantAPI: TaskStarting {
    func startTask(_ request: PrivacyRequest, clientToken: String) async throws(APIFailure) -> String {
        clientToken
    }
}

/// When requests started, for measuring the pace the limiter achieved.
final class DispatchTimes: Sendable {
    private let instants = Mutex<[ContinuousClock.Instant]>([])

    func record() {
        let now = ContinuousClock.now
        instants.withLock { $0.append(now) }
    }

    var count: Int { instants.withLock { $0.count } }

    /// Seconds from the first start to the last.
    var span: Double {
        instants.withLock { all in
            guard let first = all.min(), let last = all.max() else { return 0 }
            let elapsed = last - first
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }
}

/// Passes starts to the real client, noting when each began.
struct TimedAPI: TaskStarting {
    let api: any TaskStarting
    let times: DispatchTimes

    func startTask(_ request: PrivacyRequest, clientToken: String) async throws(APIFailure) -> String {
        times.record()
        return try await api.startTask(request, clientToken: clientToken)
    }
}
