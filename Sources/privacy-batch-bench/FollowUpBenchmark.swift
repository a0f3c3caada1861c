import Foundation

/// A `follow-up` pass over many sandbox runs: wall time, peak RSS and requests made, first with work due in
/// every run, then at once again, when nothing is due and no request may leave.
///
/// Each run is a ``ScaleState`` of its own in one reports folder (one sandbox): per run, every 50th row an open
/// deletion, every 200th a completed retrieval without its archive, every 97th deletion an open-order failure.
enum FollowUpBenchmark {
    static func run(arguments: [String]) async throws {
        let runs = BenchSupport.option("--runs", in: arguments).flatMap(Int.init) ?? 50
        let rows = BenchSupport.option("--rows", in: arguments).flatMap(Int.init) ?? 10_000
        let keep = arguments.contains("--keep")
        let cli = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("privacy-batch").path
        let work = NSTemporaryDirectory() + "privacy-batch-follow-up-\(getpid())"
        defer { if !keep { try? FileManager.default.removeItem(atPath: work) } }
        let reports = work + "/reports"
        let (_, seeding) = try await BenchSupport.time {
            for index in 0..<runs {
                let state = ScaleState(
                    reports: reports, rows: rows, run: String(format: "run-%03d", index), base: index * rows)
                try await state.create()
            }
        }
        ScaleBenchmark.say(
            String(format: "== %d runs × %d rows (state written in %.1f s, under %@)", runs, rows, seeding, work))
        let command = ["follow-up", "--json", "--reports", reports, "--rate", "10000", "--concurrency", "64"]
        for label in ["follow-up (work due)", "follow-up (nothing due)"] {
            let measurement = try ScaleBenchmark.measure(label, command, cli: cli, log: work + "/commands.log")
            let requests = try lastRequestCount(log: work + "/commands.log")
            ScaleBenchmark.say(
                String(
                    format: "%-24@ %8.1f MiB %8.1f s  requests %d  exit %d", label, measurement.peakMiB,
                    measurement.seconds, requests, measurement.status))
        }
    }

    /// The `requests` detail of the last `--json` document the commands' log holds.
    static func lastRequestCount(log: String) throws -> Int {
        let text = try String(contentsOfFile: log, encoding: .utf8)
        guard let range = text.range(of: "\"requests\" : ", options: .backwards) else { return -1 }
        return Int(text[range.upperBound...].prefix(while: \.isNumber)) ?? -1
    }
}
