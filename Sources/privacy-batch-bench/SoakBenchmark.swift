import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchCore

/// `soak`: the real engine against a hostile simulator for minutes on end, checking that no task is lost
/// or duplicated and that memory stays flat.
///
/// The simulator runs in its own process with injected 500/503s, dropped connections (before and after
/// the request took effect), a per-client quota and 60-second access tokens. Rounds alternate a calm
/// client rate with a storm at several times the quota. Each round is a fresh file of unique shoppers,
/// rerun (as an operator would) until every row is answered; at the end every shopper must have exactly one task.
enum SoakBenchmark {
    static func run(arguments: [String]) async throws {
        let minutes = Double(BenchSupport.option("--minutes", in: arguments) ?? "") ?? 30
        let rowsPerRound = Int(BenchSupport.option("--rows", in: arguments) ?? "") ?? 2_000
        let quota = Double(BenchSupport.option("--quota", in: arguments) ?? "") ?? 60
        let work = NSTemporaryDirectory() + "privacy-batch-soak-\(getpid())"
        try SecureFile.createDirectory(work)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let simulator = try SimulatorProcess(extra: [
            "--fault-rate", "0.03", "--drop-rate", "0.02", "--token-ttl", "60", "--rate", String(quota),
            "--burst", "20",
        ])
        defer { simulator.stop() }
        print(
            "== soak: \(minutes) min, \(rowsPerRound) rows per round, quota \(quota)/s, faults 3%, drops 2%, token TTL 60 s"
        )
        let start = ContinuousClock.now
        let end = start + .seconds(minutes * 60)
        var round = 0
        var expected = Set<String>()
        var reruns = 0
        var firstRSS: Double?
        while ContinuousClock.now < end {
            round += 1
            let storm = round % 2 == 0
            let rate = storm ? quota * 4 : quota * 0.8
            let input = work + "/round-\(round).csv"
            try write(round: round, rows: rowsPerRound, to: input, emails: &expected)
            var attempts = 0
            while true {
                attempts += 1
                let unsent = try await submit(input, reports: work + "/reports", baseURL: simulator.baseURL, rate: rate)
                if unsent == 0 || attempts >= 10 { break }
                reruns += 1
            }
            let rss = BenchSupport.currentRSSMiB()
            if firstRSS == nil { firstRSS = rss }
            print(
                String(
                    format: "t=%5.0f s round %d (%@ %.0f/s): %d rows, %d runs; RSS %.1f MiB (peak %.1f)",
                    seconds(since: start), round, storm ? "storm" : "calm", rate, rowsPerRound, attempts, rss,
                    BenchSupport.peakRSSMiB()))
        }
        let perEmail = try await tasksPerEmail(baseURL: simulator.baseURL)
        let lost = expected.filter { (perEmail[$0] ?? 0) == 0 }.count
        let duplicated = perEmail.filter { expected.contains($0.key) && $0.value > 1 }.count
        print(
            String(
                format:
                    "soak done after %.0f s: %d rounds, %d shoppers, %d reruns; lost %d, duplicated %d; RSS first round %.1f MiB, last %.1f MiB, peak %.1f MiB",
                seconds(since: start), round, expected.count, reruns, lost, duplicated, firstRSS ?? 0,
                BenchSupport.currentRSSMiB(), BenchSupport.peakRSSMiB()))
        if lost > 0 || duplicated > 0 { throw SoakFailure(lost: lost, duplicated: duplicated) }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// A round's file: half deletions, half retrievals, every shopper new.
    private static func write(round: Int, rows: Int, to path: String, emails: inout Set<String>) throws {
        var text = "email,request_type,holding_period\n"
        for index in 1...rows {
            let email = "soak.\(round).\(index)@example.com"
            emails.insert(email)
            text += index % 2 == 0 ? "\(email),deletion,\(index % 30)\n" : "\(email),retrieval,\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// One `run` of the file (a rerun resumes it); returns the rows still not answered.
    private static func submit(_ input: String, reports: String, baseURL: String, rate: Double) async throws -> Int {
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: PrivacyAPIClient.httpConfiguration(concurrency: 16))
        let credentials = SimulatorCredentials.sandbox
        let api = APIConfiguration(
            endpoint: try APIEndpoint(baseURL),
            credentials: .clientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
            targetID: credentials.targetID,
            requestTimeout: .seconds(10)
        )
        let client = PrivacyAPIClient(configuration: api, httpClient: httpClient)
        do {
            let batch = try await BatchRun.prepare(
                BatchRun.Request(inputPath: input, reports: reports, endpoint: baseURL, keyring: BenchSupport.keyring))
            let settings = SubmissionSettings(rate: rate, burst: 20, concurrency: 16)
            let (_, counts) = try await batch.execute(api: client, settings: settings, stop: StopSignal())
            try await httpClient.shutdown()
            return counts[.notAttempted] + counts[.error]
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    private static func tasksPerEmail(baseURL: String) async throws -> [String: Int] {
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: PrivacyAPIClient.httpConfiguration(concurrency: 2))
        defer { _ = httpClient.shutdown() }
        let credentials = SimulatorCredentials.sandbox
        let tokens = AccessTokenProvider(
            credentials: .clientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
            tokenURL: baseURL + "/token",
            httpClient: httpClient
        )
        struct Listed: Decodable { var email: String }
        struct Listing: Decodable { var tasks: [Listed] }
        // The quota and faults apply to /token too: retry until a token comes.
        var token: String?
        for _ in 0..<100 where token == nil {
            token = try? await tokens.token()
            if token == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        guard let token else { throw CocoaError(.fileReadUnknown) }
        var request = HTTPClientRequest(url: baseURL + "/_simulator/tasks")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await httpClient.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 1 << 30)
        var counts: [String: Int] = [:]
        for task in try JSONDecoder().decode(Listing.self, from: body).tasks {
            counts[task.email.lowercased(), default: 0] += 1
        }
        return counts
    }
}
